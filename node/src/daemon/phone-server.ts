// The phone app served to other devices: a second, public server on the interface the clinic
// chooses, over HTTPS with the clinic's certificate (a phone runs the app only from a secure page).
// It serves the app's files under /phone/ and the token-less /phone/api/ routes, and nothing else:
// no /api/, no notebook or workspace, no token. Any name may address it (it is public by design),
// but a browser's request must come from a page of the same origin, and bodies only as JSON.
import { startServer, type TlsCertificate } from '@techo/http-server'
import { CliError, EXIT } from '../cli/exit.js'
import { COMMON_HEADERS, DEFAULT_BODY_LIMIT, describeError, isPhoneApi, serveAsset, toHttpRoute, type HttpServer } from './http-server.js'
import type { ApiRoute } from './routes.js'
import type { Asset } from './web-assets.js'

const APP = '/phone/'

export interface PhoneServerOptions {
  host: string
  /** 0 picks any free port. */
  port: number
  tls: TlsCertificate
  /** The phone's routes, each under /phone/api/. */
  routes: ApiRoute[]
  /** The daemon's assets: only those under /phone/ are served. */
  assets: Map<string, Asset>
}

/** Starts the public phone server; its `url` is the app's address (https://<host>:<port>/phone/). */
export async function startPhoneServer (opts: PhoneServerOptions): Promise<HttpServer> {
  const server = await startServer({
    name: 'phone',
    host: opts.host,
    port: opts.port,
    tls: opts.tls,
    audience: 'public',
    routes: opts.routes.map(toHttpRoute),
    bodyTypes: ['application/json'],
    maxBody: DEFAULT_BODY_LIMIT,
    // Only /phone/api/ paths reach a route: any other is a file of the app, or a 404.
    isRoute: isPhoneApi,
    fallback: (req, res, path) => {
      serveAsset(req, res, path.startsWith(APP) ? opts.assets.get(path) : undefined, `There is no such page here; the phone app is at ${APP}.`)
    },
    describeError,
    headers: COMMON_HEADERS,
    portInUse: port => new CliError(`Port ${port} on ${opts.host} is already in use; choose another with --phone-listen <address>:<port>.`, 'ERR_PORT_IN_USE', EXIT.refused)
  })
  return { url: server.url + APP, close: server.close }
}

