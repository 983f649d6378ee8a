// A lying chain node, for the view's tests: a real HTTP proxy on loopback in front of a real dev
// chain that passes every request on and rewrites the answers for chosen blocks, as a compromised
// or malicious RPC node would.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BlockJson } from '../src/rpc.js'

/** A running proxy: its URL, the blocks it rewrites (by height) and how to stop it. */
export interface LyingNode {
  url: string
  /** Rewrites of complete blocks, by height; set or delete them at any time. */
  tamper: Map<number, (block: BlockJson) => void>
  close: () => Promise<void>
}

/** Starts a proxy in front of the node at `upstream`. */
export async function startLyingNode (upstream: string): Promise<LyingNode> {
  const tamper = new Map<number, (block: BlockJson) => void>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const body = req.method === 'POST' ? Buffer.concat(chunks) : undefined
        const answer = await fetch(upstream + (req.url ?? '/'), { method: req.method, body, headers: { 'content-type': 'text/plain' } })
        let text = await answer.text()
        const height = /^\/getBlockByNumber\/(\d+)\/true$/.exec(req.url ?? '')?.[1]
        const rewrite = height === undefined ? undefined : tamper.get(Number(height))
        if (rewrite !== undefined && answer.ok) {
          const json = JSON.parse(text) as { block: BlockJson }
          rewrite(json.block)
          text = JSON.stringify(json)
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' })
        res.end(text)
      })().catch(() => { res.destroy() })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tamper,
    close: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
