// The server: listens (on 127.0.0.1 unless told otherwise; over HTTPS when given a certificate),
// checks Host and Origin on every request by its audience, finds the route, checks its query and
// body, and answers JSON (or JSON lines for a streaming route). Errors become answers through the
// caller's `describeError`, so each API keeps its own error shape.
import createDebug from 'debug'
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { checkContentType, checkHost, checkOrigin, checkSameOrigin, readBody } from './guards.js'
import { HttpError } from './http-error.js'
import { Router, checkQuery, type HttpRoute } from './routes.js'

const LOOPBACK = '127.0.0.1'

/** How an error is answered: its status and JSON body; `internal` ones are logged. */
export interface ErrorAnswer { status: number, body: unknown, internal?: boolean }

/** A PEM certificate chain and its private key. */
export interface TlsCertificate { cert: string, key: string }

/**
 * Who may address the server. 'local': pages of this machine only, by the server's own address
 * (Host and Origin must name it: no DNS rebinding, no other site). 'public': anyone, by any name
 * (the server is meant to be reached from other devices), but a browser's request must come from
 * a page of the origin it addressed.
 */
export type Audience = 'local' | 'public'

export interface ServerOptions {
  /** Names the debug log (`techo:<name>:http`). */
  name: string
  /** The address to listen on; default 127.0.0.1 (this machine only). */
  host?: string
  /** 0 picks any free port. */
  port: number
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls?: TlsCertificate
  /** Default 'local'. */
  audience?: Audience
  routes: readonly HttpRoute[]
  /** Media types accepted for POST bodies, lower case. */
  bodyTypes: readonly string[]
  /** Largest POST body a route accepts unless it says otherwise. */
  maxBody: number
  /** Which paths the routes serve (default: all); others go to `fallback`. */
  isRoute?: (path: string) => boolean
  /** Runs before a route is looked up; throws an HttpError to refuse (a missing token, say). */
  authorize?: (req: IncomingMessage, res: ServerResponse) => void
  /** Answers requests outside the routes (static files); default: 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse, path: string) => void
  /** The answer for an error thrown anywhere while serving a request. */
  describeError: (err: unknown) => ErrorAnswer
  /** Headers sent with every answer. */
  headers?: Readonly<Record<string, string>>
  /** The error to throw when the port is taken. */
  portInUse: (port: number) => Error
  /** How long an idle keep-alive connection stays open (default Node's 5 s). */
  keepAliveMs?: number
  /** How long close() lets requests in flight finish before cutting them (default 5 s). */
  closeGraceMs?: number
}

/** A listening server; `url` is its scheme, listen address and port. */
export interface ListeningServer { url: string, port: number, close: () => Promise<void> }

/** Starts listening; throws `portInUse(port)` when the port is taken. */
export async function startServer (opts: ServerOptions): Promise<ListeningServer> {
  const log = createDebug(`techo:${opts.name}:http`)
  const router = new Router(opts.routes)
  const host = opts.host ?? LOOPBACK
  const scheme = opts.tls === undefined ? 'http' : 'https'
  const checkAddressed = opts.audience === 'public'
    ? (req: IncomingMessage) => { checkSameOrigin(req, scheme) }
    : (req: IncomingMessage) => { checkHost(req, host); checkOrigin(req, host) }
  const onRequest: RequestListener = (req, res) => {
    const started = Date.now()
    handle(req, res, opts, router, checkAddressed)
      .catch(err => { answerError(res, err, opts, log) })
      .finally(() => { log('%s %s -> %d (%d ms)', req.method, pathOf(req), res.statusCode, Date.now() - started) })
  }
  const server = opts.tls === undefined ? createServer(onRequest) : createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest)
  if (opts.keepAliveMs !== undefined) server.keepAliveTimeout = opts.keepAliveMs
  await listen(server, host, opts)
  server.on('error', err => { log('server error: %O', err) })
  const port = (server.address() as AddressInfo).port
  const shown = host.includes(':') ? `[${host}]` : host
  return { url: `${scheme}://${shown}:${port}`, port, close: async () => { await close(server, opts.closeGraceMs ?? 5000) } }
}

async function handle (req: IncomingMessage, res: ServerResponse, opts: ServerOptions, router: Router, checkAddressed: (req: IncomingMessage) => void): Promise<void> {
  checkAddressed(req)
  // Only the path and query are read: the base is never used.
  const url = new URL(req.url ?? '/', 'http://server')
  if (opts.isRoute !== undefined && !opts.isRoute(url.pathname)) {
    if (opts.fallback === undefined) throw new HttpError(404, 'ERR_NOT_FOUND', `There is no route ${url.pathname}.`)
    opts.fallback(req, res, url.pathname)
    return
  }
  opts.authorize?.(req, res)
  const { route, params } = router.find(req.method ?? 'GET', url.pathname)
  checkQuery(route, url.searchParams)
  let body = ''
  if (route.method === 'POST') {
    checkContentType(req, opts.bodyTypes)
    body = await readBody(req, route.maxBody ?? opts.maxBody)
  }
  const call = { params, query: url.searchParams, body, request: req }
  if (route.streams === true) {
    await stream(res, opts, async send => await route.handle({ ...call, send }))
    return
  }
  sendJson(res, route.status ?? 200, await route.handle({ ...call, send: () => {} }), opts.headers)
}

// A long call answers as JSON lines: progress as it happens, then `{ result }`. A failure before the
// first line is an ordinary error answer; after it, the error's body is the last line.
async function stream (res: ServerResponse, opts: ServerOptions, run: (send: (line: unknown) => void) => Promise<unknown>): Promise<void> {
  const send = (line: unknown): void => {
    if (!res.headersSent) res.writeHead(200, { ...opts.headers, 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' })
    res.write(JSON.stringify(line) + '\n')
  }
  let result: unknown
  try {
    result = await run(send)
  } catch (err) {
    if (!res.headersSent) throw err
    send(opts.describeError(err).body)
    res.end()
    return
  }
  send({ result })
  res.end()
}

/** Writes `value` as a JSON answer with `status`. */
export function sendJson (res: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const body = Buffer.from(JSON.stringify(value))
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' })
  res.end(body)
}

function answerError (res: ServerResponse, err: unknown, opts: ServerOptions, log: createDebug.Debugger): void {
  const { status, body, internal } = opts.describeError(err)
  if (internal === true) log('internal error: %O', err)
  if (res.headersSent) {
    res.destroy()
    return
  }
  // A refused body may still be arriving: close the connection rather than read it.
  if (status === 413 || status === 415) res.setHeader('connection', 'close')
  sendJson(res, status, body, opts.headers)
}

async function listen (server: Server, host: string, opts: ServerOptions): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => { reject(err.code === 'EADDRINUSE' ? opts.portInUse(opts.port) : err) }
    server.once('error', failed)
    server.listen(opts.port, host, () => {
      server.off('error', failed)
      resolve()
    })
  })
}

// Lets requests in flight finish (a write resolves only once stored), then drops what lingers.
async function close (server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>(resolve => server.close(() => { resolve() }))
  server.closeIdleConnections()
  const timer = setTimeout(() => { server.closeAllConnections() }, graceMs)
  await closed
  clearTimeout(timer)
}

function pathOf (req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/'
}
