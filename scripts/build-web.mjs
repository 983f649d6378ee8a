// Bundles the web notebook and the clinic workspace (node/web/src) with esbuild into node/web/dist,
// beside copies of their static files, so a daemon serves finished files and never compiles at
// start-up; and the phone app (node/web/src/phone) into node/web/dist/phone: a folder of static
// files any web server can host, whose page is itself a patient's Techo node.
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { constants, gzipSync } from 'node:zlib'

const web = fileURLToPath(new URL('../node/web/', import.meta.url))
const out = join(web, 'dist')
const phoneOut = join(out, 'phone')
const common = {
  absWorkingDir: web,
  tsconfig: 'tsconfig.json',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning'
}

rmSync(out, { recursive: true, force: true })
mkdirSync(phoneOut, { recursive: true })
await build({ ...common, entryPoints: { app: 'src/main.ts', clinic: 'src/clinic.ts' }, outdir: out })
for (const name of readdirSync(join(web, 'public'))) copyFileSync(join(web, 'public', name), join(out, name))

await build({
  ...common,
  entryPoints: ['src/phone/main.ts'],
  outfile: join(phoneOut, 'app.js'),
  // Automerge's WebAssembly is fetched as its own file (main.ts initialises it), not inlined as
  // base64: a third smaller, compiled while it streams, and kept by the service worker.
  alias: { '@automerge/automerge': '@automerge/automerge/slim', 'node:events': 'events' },
  // Reached only under Node, behind a run-time check (identity's faster scrypt), or in modules
  // the bundle leaves out (the ledger's publisher and contract deployment).
  external: ['node:crypto', 'node:fs', 'node:module']
})
// The camera scan's QR decoder, a file of its own: only a browser without a BarcodeDetector for
// QR codes fetches it, when the patient scans (the service worker keeps it then, as any file it serves).
await build({ ...common, entryPoints: ['src/phone/qr-decoder.ts'], outfile: join(phoneOut, 'qr-decoder.js') })
const nodeRequire = createRequire(join(web, '..', 'package.json'))
copyFileSync(nodeRequire.resolve('@automerge/automerge/automerge.wasm'), join(phoneOut, 'automerge.wasm'))
for (const name of readdirSync(join(web, 'phone'))) copyFileSync(join(web, 'phone', name), join(phoneOut, name))
for (const name of ['style.css', 'favicon.svg']) copyFileSync(join(web, 'public', name), join(phoneOut, name))
// The same page as the desktop notebook, with paths relative to the app's folder and the manifest,
// and without the daemon's consent card: the phone grants from its own clinic card, whose controls
// carry the same ids (#grant-clinic, #grant-result), so both on one page would clash.
const desktopPage = readFileSync(join(web, 'public', 'index.html'), 'utf8')
const consentCard = /\n *<section id="consent-card"[^]*?<\/section>\n/
if (!consentCard.test(desktopPage)) throw new Error('index.html has no <section id="consent-card"> to leave out of the phone page')
const page = desktopPage.replace(consentCard, '')
  .replace('<link rel="icon" href="/favicon.svg"', '<link rel="manifest" href="manifest.webmanifest">\n  <link rel="icon" href="favicon.svg"')
  .replaceAll('"/favicon.svg"', '"favicon.svg"')
  .replace('href="/style.css"', 'href="style.css"')
  .replace('src="/app.js"', 'src="app.js"')
  .replace('served only to this computer', 'synced only with the clinics you grant')
writeFileSync(join(phoneOut, 'index.html'), page)
// Nothing in the phone bundle may load a Node module at run time.
const bundle = readFileSync(join(phoneOut, 'app.js'), 'utf8')
const nodeImports = [...bundle.matchAll(/(?:from|import\()\s*"(node:[^"]+)"/g)].map(m => m[1]).filter(m => m !== 'node:crypto')
if (nodeImports.length > 0) throw new Error(`The phone bundle imports Node modules: ${[...new Set(nodeImports)].join(', ')}`)
// A phone may be on a slow network: the large files also go out gzipped (a third of the bytes).
for (const name of ['app.js', 'automerge.wasm', 'qr-decoder.js']) {
  writeFileSync(join(phoneOut, `${name}.gz`), gzipSync(readFileSync(join(phoneOut, name)), { level: constants.Z_BEST_COMPRESSION }))
}
