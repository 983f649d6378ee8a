// A clinic relay given a certificate serves wss beside ws on its WebSockets port (a page served over
// https can dial only wss) and advertises it as /tls/ws; one behind a DNS name announces that name.
import { readFileSync } from 'node:fs'
import { connect } from 'node:tls'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createTechoNode, type NodeOptions, type TechoNode } from '../src/index.js'
import { newKey, stopAll } from './helpers.js'

// A test-only certificate for clinic.test and 127.0.0.1 (fixtures/tls/README.md).
const cert = readFileSync(new URL('../../../fixtures/tls/clinic.test.crt', import.meta.url), 'utf8')
const key = readFileSync(new URL('../../../fixtures/tls/clinic.test.key', import.meta.url), 'utf8')

const nodes: TechoNode[] = []
test.after.each(async () => { await stopAll(nodes.splice(0)) })

/** Completes a TLS handshake with 127.0.0.1:`port` trusting only the test certificate, for the name clinic.test. */
async function handshake (port: number): Promise<string | undefined> {
  return await new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'clinic.test', ca: cert }, () => {
      resolve(socket.getPeerX509Certificate()?.subject)
      socket.destroy()
    })
    socket.on('error', reject)
  })
}

test('a relay with a certificate serves wss on its /ws port and advertises /tls/ws', async () => {
  const relay = await createTechoNode({ role: 'relay', privateKey: await newKey(), listen: ['/ip4/127.0.0.1/tcp/0/ws'], tls: { cert, key } })
  nodes.push(relay)
  const addrs = relay.getMultiaddrs().map(String)
  const ws = addrs.find(a => /\/tcp\/\d+\/ws\/p2p\//.test(a))
  const wss = addrs.find(a => a.includes('/tls/ws/p2p/'))
  assert.ok(ws !== undefined && wss !== undefined, addrs.join(' '))
  const port = Number(/\/tcp\/(\d+)\//.exec(wss)?.[1])
  assert.is(port, Number(/\/tcp\/(\d+)\//.exec(ws)?.[1]), 'ws and wss share the port')
  assert.is(await handshake(port), 'CN=clinic.test')
})

test('a relay without a certificate advertises no /tls/ws; announce addresses replace the listen addresses', async () => {
  const plain = await createTechoNode({ role: 'relay', privateKey: await newKey(), listen: ['/ip4/127.0.0.1/tcp/0/ws'] })
  nodes.push(plain)
  assert.not.ok(plain.getMultiaddrs().some(a => a.toString().includes('/tls/')))
  const announced = await createTechoNode({ role: 'relay', privateKey: await newKey(), listen: ['/ip4/127.0.0.1/tcp/0/ws'], announce: ['/dns4/clinic.example/tcp/443/tls/ws'] })
  nodes.push(announced)
  assert.equal(announced.getMultiaddrs().map(String), [`/dns4/clinic.example/tcp/443/tls/ws/p2p/${announced.peerId.toString()}`])
})

test('a bad announce address or a certificate on the memory transport is refused', async () => {
  const refused: Array<[Partial<NodeOptions>, string]> = [
    [{ announce: ['clinic.example:443'] }, 'announce address "clinic.example:443" is not a valid multiaddr'],
    [{ transport: 'memory', tls: { cert, key } }, 'tls applies to the "tcp" transport']
  ]
  for (const [opts, message] of refused) {
    try {
      nodes.push(await createTechoNode({ role: 'relay', privateKey: await newKey(), ...opts }))
      assert.unreachable()
    } catch (err) {
      assert.match((err as Error).message, message)
    }
  }
})

test.run()
