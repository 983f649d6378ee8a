// Shared pieces of the @techo/net tests: keys, waiting for a condition, an
// echo protocol that counts bytes, and stopping every node a test started.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { handleProtocol, dialProtocol } from '../src/index.js'
import type { Multiaddr, PrivateKey, Stream, TechoNode } from '../src/index.js'

export const ECHO = '/techo-test/echo/1.0.0'

/** A fresh device key. */
export async function newKey (): Promise<PrivateKey> {
  return await generateKeyPair('Ed25519')
}

/** The node's relayed (/p2p-circuit) addresses. */
export function circuitAddrs (node: TechoNode): Multiaddr[] {
  return node.getMultiaddrs().filter(addr => addr.toString().includes('/p2p-circuit'))
}

/** Stops every node, even if some fail to stop. */
export async function stopAll (nodes: Array<TechoNode | undefined>): Promise<void> {
  await Promise.allSettled(nodes.map(async node => { await node?.stop() }))
}

/** Serves ECHO on `node`: every byte received is sent back; `received` counts them. */
export async function serveEcho (node: TechoNode): Promise<{ received: number }> {
  const counter = { received: 0 }
  await handleProtocol(node, ECHO, async (stream) => {
    for await (const chunk of stream) {
      counter.received += chunk.byteLength
      if (!stream.send(chunk)) await stream.onDrain()
    }
    await stream.close()
  })
  return counter
}

/** Sends `payload` over ECHO to `target` and returns the bytes that came back. */
export async function echo (node: TechoNode, target: Parameters<typeof dialProtocol>[1], payload: Uint8Array): Promise<Uint8Array> {
  const stream = await dialProtocol(node, target, ECHO)
  const back = readAll(stream)
  for (let offset = 0; offset < payload.length; offset += 64 * 1024) {
    if (!stream.send(payload.subarray(offset, offset + 64 * 1024))) await stream.onDrain()
  }
  await stream.close()
  return await back
}

async function readAll (stream: Stream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const chunk of stream) chunks.push(chunk.subarray())
  return new Uint8Array(Buffer.concat(chunks))
}
