import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createTechoNode } from '../src/index.js'
import { circuitAddrs, newKey, stopAll } from './helpers.js'
import { until } from '../../../test/support/until.js'
import type { TechoNode } from '../src/index.js'

const PATIENTS = 20

test(`${PATIENTS} patients dialling one relay at once are all accepted and all get a circuit slot`, async () => {
  const nodes: TechoNode[] = []
  try {
    const relay = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    nodes.push(relay)
    const bootstrap = [relay.getMultiaddrs()[0]!.toString()]
    const keys = await Promise.all(Array.from({ length: PATIENTS }, newKey))
    // All from 127.0.0.1 within the same instant, as phones behind one clinic NAT would.
    const patients = await Promise.all(keys.map(async privateKey => {
      const patient = await createTechoNode({ role: 'patient', privateKey, listen: [], bootstrap })
      nodes.push(patient)
      return patient
    }))

    const refused = patients.filter(p => p.getConnections(relay.peerId).length === 0)
    assert.is(refused.length, 0, `${refused.length} patients were refused a connection`)
    await until(() => patients.every(p => circuitAddrs(p).length > 0), 'every patient to hold a circuit slot')
    assert.is(relay.services.relay?.reservations.size, PATIENTS)
    assert.is(new Set(relay.getConnections().map(c => c.remotePeer.toString())).size, PATIENTS)
  } finally {
    await stopAll(nodes)
  }
})

test('a dozen practitioners reaching one phone through its relay at once all get through', async () => {
  const nodes: TechoNode[] = []
  try {
    const relay = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    nodes.push(relay)
    const bootstrap = [relay.getMultiaddrs()[0]!.toString()]
    const patient = await createTechoNode({ role: 'patient', privateKey: await newKey(), listen: [], bootstrap })
    nodes.push(patient)
    await until(() => circuitAddrs(patient).length > 0, 'the patient to hold a circuit slot')
    const practitioners = await Promise.all(Array.from({ length: 12 }, async () => {
      const node = await createTechoNode({ role: 'practitioner', privateKey: await newKey(), bootstrap })
      nodes.push(node)
      return node
    }))

    // To the phone, every relayed connection comes from the relay's address.
    const results = await Promise.allSettled(practitioners.map(async p => await p.services.ping.ping(circuitAddrs(patient))))
    const failed = results.filter(r => r.status === 'rejected')
    assert.is(failed.length, 0, `${failed.length} of 12 could not reach the phone`)
  } finally {
    await stopAll(nodes)
  }
})

test.run()
