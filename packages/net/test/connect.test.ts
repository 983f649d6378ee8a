import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createTechoNode, NetError } from '../src/index.js'
import { echo, newKey, serveEcho, stopAll } from './helpers.js'
import type { NodeOptions, TechoNode } from '../src/index.js'

test('importing @techo/net makes Promise.withResolvers available (Node 20 lacks it)', async () => {
  const withResolvers = (Promise as unknown as { withResolvers: <T>() => { promise: Promise<T>, resolve: (v: T) => void } }).withResolvers
  const { promise, resolve } = withResolvers<string>()
  resolve('settled')
  assert.is(await promise, 'settled')
})

test('two nodes connect over TCP, authenticate each other and ping both ways', async () => {
  let clinic: TechoNode | undefined
  let practitioner: TechoNode | undefined
  try {
    clinic = await createTechoNode({ role: 'clinic', privateKey: await newKey() })
    practitioner = await createTechoNode({ role: 'practitioner', privateKey: await newKey() })
    assert.ok(clinic.getMultiaddrs().some(a => a.toString().startsWith('/ip4/127.0.0.1/tcp/')), 'clinic listens on loopback TCP')

    const rtt = await practitioner.services.ping.ping(clinic.getMultiaddrs())
    assert.ok(rtt >= 0)
    assert.ok(await clinic.services.ping.ping(practitioner.peerId) >= 0, 'the clinic pings back over the same connection')
    const [conn] = clinic.getConnections(practitioner.peerId)
    assert.ok(conn?.remotePeer.equals(practitioner.peerId), 'the clinic sees the practitioner\'s Noise-authenticated PeerId')
    assert.is(conn?.encryption, '/noise')
    assert.is(conn?.multiplexer, '/yamux/1.0.0')
  } finally {
    await stopAll([clinic, practitioner])
  }
})

test('a protocol stream carries data both ways over a direct connection', async () => {
  let a: TechoNode | undefined
  let b: TechoNode | undefined
  try {
    a = await createTechoNode({ role: 'clinic', privateKey: await newKey() })
    b = await createTechoNode({ role: 'patient', privateKey: await newKey() })
    const served = await serveEcho(a)
    const payload = randomBytes(200_000)
    const back = await echo(b, a.getMultiaddrs(), payload)
    assert.is(served.received, payload.length)
    assert.ok(Buffer.from(back).equals(payload), 'the same bytes come back')
  } finally {
    await stopAll([a, b])
  }
})

test('a relay listens on WebSockets beside TCP, and a device reaches it over WebSockets alone', async () => {
  let relay: TechoNode | undefined
  let phone: TechoNode | undefined
  try {
    relay = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    const ws = relay.getMultiaddrs().find(a => a.toString().includes('/tcp/') && a.toString().includes('/ws/'))
    assert.ok(relay.getMultiaddrs().some(a => !a.toString().includes('/ws')), 'it still listens on plain TCP')
    assert.ok(ws !== undefined, `a WebSockets address among ${relay.getMultiaddrs().join(', ')}`)
    phone = await createTechoNode({ role: 'patient', privateKey: await newKey(), bootstrap: [ws.toString()] })
    const [conn] = phone.getConnections(relay.peerId)
    assert.ok(conn?.remoteAddr.toString().includes('/ws'), `connected over WebSockets (${String(conn?.remoteAddr)})`)
    assert.is(conn?.encryption, '/noise')
    await serveEcho(relay)
    const payload = randomBytes(100_000)
    assert.ok(Buffer.from(await echo(phone, relay.peerId, payload)).equals(payload))
  } finally {
    await stopAll([relay, phone])
  }
})

test('the memory transport joins two nodes of one process without sockets', async () => {
  let relay: TechoNode | undefined
  let patient: TechoNode | undefined
  try {
    relay = await createTechoNode({ role: 'relay', privateKey: await newKey(), transport: 'memory' })
    const [relayAddr] = relay.getMultiaddrs()
    assert.match(relayAddr?.toString() ?? '', new RegExp(`^/memory/[^/]+/p2p/${relay.peerId.toString()}$`), 'a memory node listens on a /memory/ address')
    patient = await createTechoNode({ role: 'patient', privateKey: await newKey(), transport: 'memory', bootstrap: [String(relayAddr)] })
    assert.is(patient.getConnections(relay.peerId).length, 1, 'the patient is connected to its bootstrap relay on return')
    assert.ok(await patient.services.ping.ping(relay.peerId) >= 0)
    await serveEcho(relay)
    const payload = randomBytes(100_000)
    assert.ok(Buffer.from(await echo(patient, relay.peerId, payload)).equals(payload))
  } finally {
    await stopAll([relay, patient])
  }
})

test('unusable options are refused with ERR_BAD_NODE_OPTIONS naming what is wrong', async () => {
  const privateKey = await newKey()
  const cases: Array<[Partial<NodeOptions>, string]> = [
    [{ role: 'doctor' as NodeOptions['role'] }, 'doctor'],
    [{ privateKey: await generateKeyPair('secp256k1') }, 'Ed25519'],
    [{ transport: 'udp' as NodeOptions['transport'] }, 'udp'],
    [{ listen: ['not-a-multiaddr'] }, 'not-a-multiaddr'],
    [{ bootstrap: ['/ip4/127.0.0.1/tcp/4001'] }, '/ip4/127.0.0.1/tcp/4001'],
    [{ role: 'patient', relay: { maxReservations: 10 } }, 'patient']
  ]
  for (const [override, named] of cases) {
    const err = await createTechoNode({ role: 'relay', privateKey, ...override }).then(() => undefined, (e: unknown) => e)
    assert.instance(err, NetError, JSON.stringify(override))
    assert.is((err as NetError).code, 'ERR_BAD_NODE_OPTIONS')
    assert.ok((err as NetError).message.includes(named), `"${(err as NetError).message}" names ${named}`)
  }
})

test('a port already in use gives ERR_LISTEN_FAILED naming the address', async () => {
  let first: TechoNode | undefined
  try {
    first = await createTechoNode({ role: 'relay', privateKey: await newKey() })
    const taken = first.getMultiaddrs()[0]!.decapsulate('/p2p').toString()
    const err = await createTechoNode({ role: 'relay', privateKey: await newKey(), listen: [taken] }).then(() => undefined, (e: unknown) => e)
    assert.instance(err, NetError)
    assert.is((err as NetError).code, 'ERR_LISTEN_FAILED')
    assert.ok((err as NetError).message.includes(taken))
  } finally {
    await stopAll([first])
  }
})

test.run()
