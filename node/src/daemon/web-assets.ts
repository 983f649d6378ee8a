// The web notebook's files, held in memory: the bundle and static files `pnpm build` wrote to
// node/web/dist, and under /phone/ the installable app whose page is itself a patient's node. Only
// these paths are served, so no request can name a file on disk.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CliError, EXIT } from '../cli/exit.js'

/** One file the daemon serves; `csp` replaces the notebook's Content-Security-Policy; `gzip` is the body gzipped, for browsers that take it. */
export interface Asset { type: string, body: Buffer, csp?: string, gzip?: Buffer }

// The phone's page runs Automerge's WebAssembly and dials relays over WebSockets itself.
const PHONE_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self' ws: wss:; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))
const FILES: ReadonlyArray<[path: string, file: string, type: string]> = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/clinic.html', 'clinic.html', 'text/html; charset=utf-8'],
  ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
  ['/clinic.js', 'clinic.js', 'text/javascript; charset=utf-8'],
  ['/style.css', 'style.css', 'text/css; charset=utf-8'],
  ['/favicon.svg', 'favicon.svg', 'image/svg+xml'],
  ['/phone/', 'phone/index.html', 'text/html; charset=utf-8'],
  ['/phone/app.js', 'phone/app.js', 'text/javascript; charset=utf-8'],
  ['/phone/qr-decoder.js', 'phone/qr-decoder.js', 'text/javascript; charset=utf-8'],
  ['/phone/sw.js', 'phone/sw.js', 'text/javascript; charset=utf-8'],
  ['/phone/automerge.wasm', 'phone/automerge.wasm', 'application/wasm'],
  ['/phone/manifest.webmanifest', 'phone/manifest.webmanifest', 'application/manifest+json'],
  ['/phone/style.css', 'phone/style.css', 'text/css; charset=utf-8'],
  ['/phone/favicon.svg', 'phone/favicon.svg', 'image/svg+xml']
]

/** Loads the built web notebook; resolves to every asset by URL path, or says how to build it. */
export async function loadWebAssets (): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>()
  for (const [path, file, type] of FILES) {
    try {
      const gzipped = DIST + file + '.gz'
      assets.set(path, {
        type,
        body: readFileSync(DIST + file),
        ...(path.startsWith('/phone/') ? { csp: PHONE_CSP } : {}),
        ...(existsSync(gzipped) ? { gzip: readFileSync(gzipped) } : {})
      })
    } catch {
      throw new CliError(`The web notebook is not built (${DIST}${file} is missing): run \`pnpm build\` in the techo repository.`, 'ERR_NOT_BUILT', EXIT.internal)
    }
  }
  return assets
}

/** The assets a node of `role` serves: a patient's node its web notebook at `/`, a clinic's node its workspace. */
export function pageFor (assets: Map<string, Asset>, role: 'patient' | 'clinic'): Map<string, Asset> {
  const served = new Map(assets)
  const workspace = served.get('/clinic.html')
  served.delete('/clinic.html')
  if (role === 'clinic' && workspace !== undefined) served.set('/', workspace)
  return served
}
