import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createTechoNode, findPeer, NetError } from '../src/index.js'
import { circuitAddrs, echo, newKey, serveEcho, stopAll } from './helpers.js'
import { until } from '../../../test/support/until.js'
import type { NodeOptions, PrivateKey, TechoNode } from '../src/index.js'

const MiB = 1024 * 1024

/** A relay and a patient behind "NAT" (no direct listen address, only its circuit slot); both go into `nodes` for cleanup. */
async function clinicWithPhone (nodes: TechoNode[], opts: { relayKey?: PrivateKey, relay?: NodeOptions['relay'], patientPolicy?: NodeOptions['policy'] } = {}): Promise<{ relay: TechoNode, patient: TechoNode }> {
  const relay = await createTechoNode({ role: 'relay', privateKey: opts.relayKey ?? await newKey(), relay: opts.relay })
  nodes.push(relay)
  const bootstrap = [relay.getMultiaddrs()[0]!.toString()]
  const patient = await createTechoNode({ role: 'patient', privateKey: await newKey(), listen: [], bootstrap, policy: opts.patientPolicy })
  nodes.push(patient)
  await until(() => circuitAddrs(patient).length > 0, 'the patient to reserve a circuit slot')
  return { relay, patient }
}

test('a patient behind NAT is found through the DHT and dialled through its relay; > 1 MiB moves each way', async () => {
  const nodes: TechoNode[] = []
  try {
    const { relay, patient } = await clinicWithPhone(nodes)
    assert.equal(patient.getMultiaddrs(), circuitAddrs(patient), 'the phone announces no direct address')
    const served = await serveEcho(patient)

    const practitioner = await createTechoNode({ role: 'practitioner', privateKey: await newKey(), bootstrap: [relay.getMultiaddrs()[0]!.toString()] })
    nodes.push(practitioner)
    // identify/push tells the relay the phone's circuit address (debounced ~1 s).
    await until(async () => (await relay.peerStore.get(patient.peerId)).addresses.length > 0, 'the relay to learn the patient\'s circuit address')
    const found = await findPeer(practitioner, patient.peerId, { timeoutMs: 5_000 })
    assert.ok(found.every(addr => addr.toString().includes(`/p2p/${relay.peerId.toString()}/p2p-circuit/p2p/${patient.peerId.toString()}`)), `found ${found.map(String).join(', ')}`)

    const payload = randomBytes(Math.round(1.5 * MiB))
    const back = await echo(practitioner, found, payload)
    assert.is(served.received, payload.length, 'the patient received all 1.5 MiB')
    assert.ok(Buffer.from(back).equals(payload), 'and the practitioner all 1.5 MiB back')
    const [conn] = practitioner.getConnections(patient.peerId)
    assert.ok(conn?.remoteAddr.toString().includes('/p2p-circuit'), 'over the relayed connection')
    assert.is(conn?.limits, undefined, 'which carries no data or time cap')
  } finally {
    await stopAll(nodes)
  }
})

test('with libp2p\'s stock 128 KiB circuit limit the same transfer is cut off (the limit the relay lifts)', async () => {
  const nodes: TechoNode[] = []
  try {
    const { relay, patient } = await clinicWithPhone(nodes, { relay: { circuitLimit: { dataBytes: 128n * 1024n, durationMs: 120_000 } } })
    const served = await serveEcho(patient)
    const practitioner = await createTechoNode({ role: 'practitioner', privateKey: await newKey(), bootstrap: [relay.getMultiaddrs()[0]!.toString()] })
    nodes.push(practitioner)
    const target = circuitAddrs(patient)

    const hello = new TextEncoder().encode('hello')
    assert.equal(await echo(practitioner, target, hello), hello, 'a small exchange works on the circuit (both sides opt in to limited connections)')
    assert.ok(practitioner.getConnections(patient.peerId)[0]?.limits != null, 'which libp2p marks "limited"')
    const err = await echo(practitioner, target, randomBytes(MiB)).then(() => undefined, (e: unknown) => e)
    assert.ok(err instanceof Error, 'the 1 MiB transfer fails')
    assert.ok(served.received < MiB, `the patient got only ${served.received} bytes`)
  } finally {
    await stopAll(nodes)
  }
})

test('a phone\'s own policy also guards relayed connections', async () => {
  const nodes: TechoNode[] = []
  try {
    const doctorKey = await newKey()
    const doctorId = peerIdFromPrivateKey(doctorKey).toString()
    const { relay, patient } = await clinicWithPhone(nodes, { patientPolicy: { admits: (id) => id === doctorId } })
    await serveEcho(patient)
    const bootstrap = [relay.getMultiaddrs()[0]!.toString()]
    const doctor = await createTechoNode({ role: 'practitioner', privateKey: doctorKey, bootstrap })
    const stranger = await createTechoNode({ role: 'practitioner', privateKey: await newKey(), bootstrap })
    nodes.push(doctor, stranger)
    const target = circuitAddrs(patient)

    const hello = new TextEncoder().encode('hello')
    assert.equal(await echo(doctor, target, hello), hello, 'the approved doctor gets through')
    const err = await echo(stranger, target, hello).then(() => undefined, (e: unknown) => e)
    assert.instance(err, NetError, 'the stranger, although admitted by the relay, does not')
    assert.is(patient.getConnections(stranger.peerId).length, 0)
  } finally {
    await stopAll(nodes)
  }
})

test('when the relay restarts, the phone reconnects, takes a new circuit slot and is reachable again', async () => {
  const nodes: TechoNode[] = []
  try {
    const relayKey = await newKey()
    const { relay, patient } = await clinicWithPhone(nodes, { relayKey })
    await serveEcho(patient)
    const relayAddr = relay.getMultiaddrs()[0]!
    await relay.stop()
    await until(() => circuitAddrs(patient).length === 0, 'the patient to drop its dead circuit address')
    // Down long enough for several redials to fail (libp2p's own reconnect would soon give up for good).
    await new Promise(resolve => setTimeout(resolve, 1_500))

    const restarted = await createTechoNode({ role: 'relay', privateKey: relayKey, listen: [relayAddr.decapsulate('/p2p').toString()] })
    nodes.push(restarted)
    await until(() => circuitAddrs(patient).length > 0, 'the patient to take a slot on the restarted relay', 15_000)

    const practitioner = await createTechoNode({ role: 'practitioner', privateKey: await newKey(), bootstrap: [relayAddr.toString()] })
    nodes.push(practitioner)
    const hello = new TextEncoder().encode('back again')
    assert.equal(await echo(practitioner, circuitAddrs(patient), hello), hello)
  } finally {
    await stopAll(nodes)
  }
})

test.run()
