// The web notebook's files, held in memory: the page and its stylesheet as written, and its
// TypeScript bundled by esbuild when the daemon starts (there is no build step to forget).
// Only these paths are served, so no request can name a file on disk.
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** One file the daemon serves. */
export interface Asset { type: string, body: Buffer }

const WEB = fileURLToPath(new URL('../../web/', import.meta.url))
const STATIC: ReadonlyArray<[path: string, file: string, type: string]> = [
  ['/', 'public/index.html', 'text/html; charset=utf-8'],
  ['/style.css', 'public/style.css', 'text/css; charset=utf-8'],
  ['/favicon.svg', 'public/favicon.svg', 'image/svg+xml']
]

/** Bundles the web notebook and loads its static files; resolves to every asset by URL path. */
export async function buildWebAssets (): Promise<Map<string, Asset>> {
  const bundle = await build({
    absWorkingDir: WEB,
    entryPoints: ['src/main.ts'],
    tsconfig: 'tsconfig.json',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent'
  })
  const script = bundle.outputFiles[0]
  if (script === undefined) throw new Error('esbuild produced no bundle for the web notebook')
  const assets = new Map<string, Asset>([['/app.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(script.contents) }]])
  for (const [path, file, type] of STATIC) assets.set(path, { type, body: readFileSync(WEB + file) })
  return assets
}
