// The web notebook's files, held in memory: the bundle and static files `pnpm build` wrote to
// node/web/dist. Only these paths are served, so no request can name a file on disk.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CliError, EXIT } from '../cli/exit.js'

/** One file the daemon serves. */
export interface Asset { type: string, body: Buffer }

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))
const FILES: ReadonlyArray<[path: string, file: string, type: string]> = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/clinic.html', 'clinic.html', 'text/html; charset=utf-8'],
  ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
  ['/clinic.js', 'clinic.js', 'text/javascript; charset=utf-8'],
  ['/style.css', 'style.css', 'text/css; charset=utf-8'],
  ['/favicon.svg', 'favicon.svg', 'image/svg+xml']
]

/** Loads the built web notebook; resolves to every asset by URL path, or says how to build it. */
export async function loadWebAssets (): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>()
  for (const [path, file, type] of FILES) {
    try {
      assets.set(path, { type, body: readFileSync(DIST + file) })
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
