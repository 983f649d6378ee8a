// A small JSON-over-HTTP server shaped like the IOST node's gRPC gateway: routes with path
// parameters, request bodies read as text (the SDK posts JSON as text/plain), answers as JSON,
// refusals as HTTP 400 with `{"code", "message"}`, unknown paths as 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import createDebug from 'debug'
import { DevChainError } from './errors.js'
import { GRPC_INVALID_ARGUMENT, GRPC_NOT_FOUND, NodeRefusal } from './refusal.js'

const log = createDebug('techo:ledger:devchain:http')
const MAX_BODY_BYTES = 4 * 1024 * 1024

/** One endpoint: `path` segments starting with ':' are parameters. */
export interface Route {
  method: 'GET' | 'POST'
  path: string
  handle: (params: Record<string, string>, body: string) => Promise<unknown>
}

/** A listening server. */
export interface HttpFace {
  port: number
  close: () => Promise<void>
}

/** Serves the routes on 127.0.0.1:`port` (0 picks a free port). */
export async function serveRoutes (routes: Route[], port: number): Promise<HttpFace> {
  const compiled = routes.map(r => ({ ...r, segments: r.path.split('/').filter(s => s !== '') }))
  const server = createServer((req, res) => {
    handle(compiled, req, res).catch(err => { log('unanswered request: %O', err) })
  })
  // Let clients close idle keep-alive sockets first (fetch does after 4 s). With node's 5 s, a
  // client whose event loop was busy longer could reuse a socket the server is just closing.
  server.keepAliveTimeout = 60_000
  await listen(server, port)
  const address = server.address()
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

async function listen (server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE'
      ? new DevChainError('ERR_CHAIN_PORT_IN_USE', `Port ${port} on 127.0.0.1 is already in use; stop the other process or choose another port.`, { cause: err })
      : err
  })
}

type CompiledRoute = Route & { segments: string[] }

async function handle (routes: CompiledRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const path = (req.url ?? '/').split('?')[0] as string
    const segments = path.split('/').filter(s => s !== '').map(decodeSegment)
    const matching = routes.filter(r => matches(r.segments, segments))
    const route = matching.find(r => r.method === req.method)
    if (route === undefined) {
      if (matching.length > 0) return send(res, 405, { code: 12, message: 'Method Not Allowed' })
      return send(res, 404, { code: GRPC_NOT_FOUND, message: 'Not Found' })
    }
    const params: Record<string, string> = {}
    route.segments.forEach((s, i) => { if (s.startsWith(':')) params[s.slice(1)] = segments[i] as string })
    const body = req.method === 'POST' ? await readBody(req) : ''
    send(res, 200, await route.handle(params, body))
  } catch (err) {
    if (err instanceof NodeRefusal) return send(res, err.httpStatus, { code: err.grpcCode, message: err.message })
    log('internal error: %O', err)
    send(res, 500, { code: 13, message: `internal error: ${(err as Error).message}` })
  }
}

function decodeSegment (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new NodeRefusal(`invalid path segment ${segment}`, GRPC_INVALID_ARGUMENT)
  }
}

function matches (pattern: string[], segments: string[]): boolean {
  return pattern.length === segments.length && pattern.every((p, i) => p.startsWith(':') || p === segments[i])
}

async function readBody (req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new NodeRefusal(`request body over ${MAX_BODY_BYTES} bytes`, 8, 413)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}
