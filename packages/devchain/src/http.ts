// The dev chain's HTTP face, shaped like the IOST node's gRPC gateway: routes with path parameters,
// request bodies read as text (the SDK posts JSON as text/plain), answers as JSON, refusals as HTTP
// 400 with `{"code", "message"}`, unknown paths as 404. It runs on the same local server as the
// daemon's API, so a web page open elsewhere cannot post transactions signed with the public
// `admin` key: a foreign Host or Origin, or a form-encoded body, is refused before any route runs.
import { HttpError, startServer } from '@techo/http-server'
import { DevChainError } from './errors.js'
import { GRPC_INVALID_ARGUMENT, GRPC_NOT_FOUND, NodeRefusal } from './refusal.js'

/** The largest request the chain reads (the node's own gateway limit is 4 MiB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024

// gRPC codes the gateway answers its own refusals with.
const GRPC_PERMISSION_DENIED = 7
const GRPC_RESOURCE_EXHAUSTED = 8
const GRPC_UNIMPLEMENTED = 12
const GRPC_INTERNAL = 13

/** One endpoint: `path` segments starting with ':' are parameters. */
export interface Route {
  method: 'GET' | 'POST'
  path: string
  handle: (params: Record<string, string>, body: string) => Promise<unknown>
  /** The largest body this route reads (POST); MAX_BODY_BYTES otherwise. */
  maxBody?: number
}

/** A listening server. */
export interface HttpFace {
  port: number
  close: () => Promise<void>
}

/** Serves the routes on 127.0.0.1:`port` (0 picks a free port). */
export async function serveRoutes (routes: Route[], port: number): Promise<HttpFace> {
  const server = await startServer({
    name: 'devchain',
    port,
    routes: routes.map(r => ({ method: r.method, path: r.path, ...(r.maxBody === undefined ? {} : { maxBody: r.maxBody }), handle: async call => await r.handle(call.params, call.body) })),
    bodyTypes: ['text/plain', 'application/json'],
    maxBody: MAX_BODY_BYTES,
    describeError,
    portInUse: p => new DevChainError('ERR_CHAIN_PORT_IN_USE', `Port ${p} on 127.0.0.1 is already in use; stop the other process or choose another port.`),
    // Let clients close idle keep-alive sockets first (fetch does after 4 s). With Node's 5 s, a
    // client whose event loop was busy longer could reuse a socket the server is just closing.
    keepAliveMs: 60_000,
    closeGraceMs: 0
  })
  return { port: server.port, close: server.close }
}

// The node's answers: its own refusals carry its texts; the gateway's carry gRPC codes.
function describeError (err: unknown): { status: number, body: unknown, internal?: boolean } {
  if (err instanceof NodeRefusal) return { status: err.httpStatus, body: { code: err.grpcCode, message: err.message } }
  if (err instanceof HttpError) {
    switch (err.status) {
      case 404: return { status: 404, body: { code: GRPC_NOT_FOUND, message: 'Not Found' } }
      case 405: return { status: 405, body: { code: GRPC_UNIMPLEMENTED, message: 'Method Not Allowed' } }
      case 413: return { status: 413, body: { code: GRPC_RESOURCE_EXHAUSTED, message: err.message } }
      case 403: return { status: 403, body: { code: GRPC_PERMISSION_DENIED, message: err.message } }
      default: return { status: err.status, body: { code: GRPC_INVALID_ARGUMENT, message: err.message } }
    }
  }
  return { status: 500, body: { code: GRPC_INTERNAL, message: `internal error: ${(err as Error).message}` }, internal: true }
}
