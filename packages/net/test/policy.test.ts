import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createTechoNode, dialProtocol, NetError } from '../src/index.js'
import { circuitAddrs, newKey, stopAll } from './helpers.js'
import { until } from '../../../test/support/until.js'
import type { PeerPolicy, TechoNode } from '../src/index.js'

const PING = '/ipfs/ping/1.0.0'

/** A policy over a mutable set of approved PeerIds, as the ledger cache will supply. */
function approved (ids: Set<string>): PeerPolicy {
  return { admits: async (id) => ids.has(id), reason: () => 'device not approved on the ledger' }
}

test('a peer the policy refuses cannot connect either way, while an admitted one can', async () => {
  let clinic: TechoNode | undefined
  let admitted: TechoNode | undefined
  let stranger: TechoNode | undefined
  try {
    const admittedKey = await newKey()
    clinic = await createTechoNode({ role: 'clinic', privateKey: await newKey(), policy: approved(new Set([peerIdFromPrivateKey(admittedKey).toString()])) })
    admitted = await createTechoNode({ role: 'practitioner', privateKey: admittedKey })
    stranger = await createTechoNode({ role: 'practitioner', privateKey: await newKey() })

    // Inbound: the stranger completes its half of Noise, then the clinic drops it.
    const inbound = await dialProtocol(stranger, clinic.getMultiaddrs(), PING).then(() => undefined, (e: unknown) => e)
    assert.instance(inbound, NetError)
    assert.is((inbound as NetError).code, 'ERR_DIAL_FAILED')
    assert.is(clinic.getConnections(stranger.peerId).length, 0, 'the clinic holds no connection to the stranger')

    // Outbound: the clinic will not even dial the stranger.
    const outbound = await dialProtocol(clinic, stranger.getMultiaddrs(), PING).then(() => undefined, (e: unknown) => e)
    assert.instance(outbound, NetError)
    assert.is((outbound as NetError).code, 'ERR_PEER_REFUSED')
    assert.ok((outbound as NetError).message.includes(stranger.peerId.toString()))

    assert.ok(await admitted.services.ping.ping(clinic.getMultiaddrs()) >= 0, 'the admitted practitioner reaches the clinic')
    assert.ok(await clinic.services.ping.ping(admitted.peerId) >= 0, 'and the clinic reaches it')
    await until(() => stranger!.getConnections(clinic!.peerId).length === 0, 'the stranger\'s half-open connection to close')
  } finally {
    await stopAll([clinic, admitted, stranger])
  }
})

test('the policy is asked on every new connection, so a revoked device is refused from then on', async () => {
  let clinic: TechoNode | undefined
  let device: TechoNode | undefined
  try {
    const deviceKey = await newKey()
    const ids = new Set([peerIdFromPrivateKey(deviceKey).toString()])
    clinic = await createTechoNode({ role: 'clinic', privateKey: await newKey(), policy: approved(ids) })
    device = await createTechoNode({ role: 'practitioner', privateKey: deviceKey })
    assert.ok(await device.services.ping.ping(clinic.getMultiaddrs()) >= 0, 'approved: connects')

    ids.clear()
    await clinic.hangUp(device.peerId)
    await until(() => device!.getConnections(clinic!.peerId).length === 0, 'the device to see the hang-up')
    const err = await device.services.ping.ping(clinic.getMultiaddrs()).then(() => undefined, (e: unknown) => e)
    assert.ok(err instanceof Error, 'revoked: the next connection is refused')
    assert.is(clinic.getConnections(device.peerId).length, 0)
  } finally {
    await stopAll([clinic, device])
  }
})

test('bootstrap relays are admitted even when the policy admits nobody else', async () => {
  let relay: TechoNode | undefined
  let patient: TechoNode | undefined
  try {
    relay = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    patient = await createTechoNode({
      role: 'patient',
      privateKey: await newKey(),
      listen: [],
      bootstrap: [relay.getMultiaddrs()[0]!.toString()],
      policy: { admits: () => false }
    })
    assert.is(patient.getConnections(relay.peerId).length, 1, 'connected to its relay')
    await until(() => circuitAddrs(patient!).length > 0, 'the patient to hold a circuit slot on its relay')
  } finally {
    await stopAll([relay, patient])
  }
})

test('a phone refused by its relay retries with growing delays, not in a tight loop', async () => {
  let relay: TechoNode | undefined
  let patient: TechoNode | undefined
  try {
    const attempts: number[] = []
    const patientKey = await newKey()
    const patientId = peerIdFromPrivateKey(patientKey).toString()
    relay = await createTechoNode({
      role: 'relay',
      privateKey: await newKey(),
      policy: { admits: (id) => { if (id === patientId) attempts.push(Date.now()); return false } }
    })
    patient = await createTechoNode({ role: 'patient', privateKey: patientKey, listen: [], bootstrap: [relay.getMultiaddrs()[0]!.toString()] })
    await new Promise(resolve => setTimeout(resolve, 3_000))
    assert.ok(attempts.length >= 2, `it keeps trying (${attempts.length} attempts)`)
    assert.ok(attempts.length <= 5, `${attempts.length} attempts in 3 s`)
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!)
    assert.ok(gaps.every((gap, i) => i === 0 || gap > gaps[i - 1]!), `delays grow: ${gaps.join(', ')} ms`)
    assert.is(relay.getConnections(patient.peerId).length, 0)
  } finally {
    await stopAll([relay, patient])
  }
})

test('a phone its relay stops admitting after it held a circuit slot (a removed phone) does not redial in a tight loop', async () => {
  let relay: TechoNode | undefined
  let patient: TechoNode | undefined
  try {
    let admitted = true
    const refused: number[] = []
    const patientKey = await newKey()
    const patientId = peerIdFromPrivateKey(patientKey).toString()
    relay = await createTechoNode({
      role: 'relay',
      privateKey: await newKey(),
      policy: { admits: (id) => { if (id === patientId && !admitted) refused.push(Date.now()); return admitted || id !== patientId } }
    })
    patient = await createTechoNode({ role: 'patient', privateKey: patientKey, listen: [], bootstrap: [relay.getMultiaddrs()[0]!.toString()] })
    await until(() => circuitAddrs(patient!).length > 0, 'the patient to hold a circuit slot on its relay')
    admitted = false
    await relay.hangUp(patient.peerId)
    // Losing its slot, the phone looks for another relay with libp2p's random walk over the DHT, whose
    // only peer is this relay: unpatched, a query and a refused connection every ~15 ms (~200 in 3 s).
    await new Promise(resolve => setTimeout(resolve, 3_000))
    assert.ok(refused.length >= 1, 'it tries again')
    assert.ok(refused.length <= 10, `${refused.length} refused connections in 3 s`)
  } finally {
    await stopAll([relay, patient])
  }
})

test.run()
