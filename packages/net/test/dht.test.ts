import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { createTechoNode, DHT_PROTOCOL, findPeer, NetError } from '../src/index.js'
import { newKey, stopAll } from './helpers.js'
import type { TechoNode } from '../src/index.js'

test('a patient finds a clinic relay\'s addresses by PeerId through the DHT, after bootstrapping to another relay', async () => {
  let relayA: TechoNode | undefined
  let relayB: TechoNode | undefined
  let patient: TechoNode | undefined
  try {
    relayA = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    relayB = await createTechoNode({ role: 'clinic', privateKey: await newKey(), bootstrap: [relayA.getMultiaddrs()[0]!.toString()] })
    patient = await createTechoNode({ role: 'patient', privateKey: await newKey(), bootstrap: [relayA.getMultiaddrs()[0]!.toString()] })
    assert.not.ok(await patient.peerStore.has(relayB.peerId), 'before: the patient knows nothing of relay B')

    const found = await findPeer(patient, relayB.peerId.toString(), { timeoutMs: 5_000 })
    const expected = relayB.getMultiaddrs().map(String)
    assert.ok(found.some(addr => expected.includes(addr.toString())), `found ${found.map(String).join(', ')}`)
    assert.ok(await patient.services.ping.ping(found) >= 0, 'the found addresses reach relay B')
  } finally {
    await stopAll([patient, relayB, relayA])
  }
})

test('an unknown PeerId gives ERR_PEER_NOT_FOUND within the timeout; a malformed one ERR_BAD_PEER_ID', async () => {
  let relay: TechoNode | undefined
  let patient: TechoNode | undefined
  let absent: TechoNode | undefined
  try {
    relay = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    patient = await createTechoNode({ role: 'patient', privateKey: await newKey(), bootstrap: [relay.getMultiaddrs()[0]!.toString()] })
    absent = await createTechoNode({ role: 'patient', privateKey: await newKey() })
    const absentId = absent.peerId
    await absent.stop()

    const started = Date.now()
    const err = await findPeer(patient, absentId, { timeoutMs: 1_500 }).then(() => undefined, (e: unknown) => e)
    assert.instance(err, NetError)
    assert.is((err as NetError).code, 'ERR_PEER_NOT_FOUND')
    assert.ok((err as NetError).message.includes(absentId.toString()))
    assert.ok(Date.now() - started < 1_500 + 1_000, `gave up in ${Date.now() - started} ms`)

    const bad = await findPeer(patient, 'not-a-peer-id').then(() => undefined, (e: unknown) => e)
    assert.instance(bad, NetError)
    assert.is((bad as NetError).code, 'ERR_BAD_PEER_ID')
  } finally {
    await stopAll([patient, relay, absent])
  }
})

test('the DHT is private and holds no records: relays serve /techo/kad only and refuse a stored key', async () => {
  let relay: TechoNode | undefined
  let patient: TechoNode | undefined
  try {
    relay = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    patient = await createTechoNode({ role: 'patient', privateKey: await newKey(), bootstrap: [relay.getMultiaddrs()[0]!.toString()] })
    assert.ok(relay.getProtocols().includes(DHT_PROTOCOL))
    assert.not.ok(relay.getProtocols().some(p => p.startsWith('/ipfs/kad/')), 'not the public IPFS DHT')
    assert.not.ok(patient.getProtocols().includes(DHT_PROTOCOL), 'a phone answers no DHT queries')
    assert.is(relay.services.dht.getMode(), 'server')
    assert.is(patient.services.dht.getMode(), 'client')

    // A public-key record is the one kind stock libp2p DHT servers accept.
    const key = new Uint8Array([...new TextEncoder().encode('/pk/'), ...patient.peerId.toMultihash().bytes])
    const value = publicKeyToProtobuf(patient.peerId.publicKey!)
    const events = []
    for await (const event of patient.services.dht.put(key, value, { signal: AbortSignal.timeout(5_000) })) events.push(event)
    assert.ok(events.some(e => e.name === 'QUERY_ERROR' && e.from.equals(relay!.peerId)), 'the relay answered the put with an error')
    assert.not.ok(events.some(e => e.name === 'PEER_RESPONSE' && e.record != null), 'no peer stored the record')
  } finally {
    await stopAll([patient, relay])
  }
})

test.run()
