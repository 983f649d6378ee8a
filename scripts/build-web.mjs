// Bundles the web notebook and the clinic workspace (node/web/src) with esbuild into node/web/dist,
// beside copies of their static files, so a daemon serves finished files and never compiles at start-up.
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const web = fileURLToPath(new URL('../node/web/', import.meta.url))
const out = join(web, 'dist')

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
await build({
  absWorkingDir: web,
  entryPoints: { app: 'src/main.ts', clinic: 'src/clinic.ts' },
  outdir: out,
  tsconfig: 'tsconfig.json',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning'
})
for (const name of readdirSync(join(web, 'public'))) copyFileSync(join(web, 'public', name), join(out, name))
