// Bundles test files for the runner: each file with the repository's TypeScript it imports (the
// packages' sources, by the `source` export condition), into plain JavaScript that Node runs
// without a loader. Under Node 20 a loader's hooks run on another thread and every import crosses
// to it: through tsx, a test importing the libp2p stack took ~1 s more CPU to start than the same
// imports compiled. Third-party packages stay outside the bundle, imported by the path they
// resolve to from the file that names them, so each is loaded once, from node_modules, as before.
// `import.meta.url` in a bundled file is replaced by that source file's own URL, so fixtures and
// helper scripts are found beside the source, wherever the bundle is written.
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'

const builtins = new Set(builtinModules)

/** @type {import('esbuild').Plugin} */
const thirdPartyByPath = {
  name: 'third-party-by-path',
  setup (b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('@techo/')) return undefined
      if (args.path.startsWith('node:') || builtins.has(args.path)) return { path: args.path, external: true }
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' })
      if (found.errors.length > 0) return { errors: found.errors }
      return { path: found.path, external: true }
    })
  }
}

/** @type {import('esbuild').Plugin} */
const ownUrls = {
  name: 'own-import-meta-url',
  setup (b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined
      const source = await readFile(args.path, 'utf8')
      const loader = args.path.endsWith('ts') ? 'ts' : 'js'
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader, resolveDir: dirname(args.path) }
    })
  }
}

/**
 * Bundles `files` (absolute paths under `root`) into `outDir`; returns each file's bundle path.
 * Code the files share goes into common chunks, so the whole suite builds in one pass.
 */
export async function bundleTests (root, files, outDir) {
  await build({
    entryPoints: files,
    outbase: root,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['source'],
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [thirdPartyByPath, ownUrls]
  })
  return new Map(files.map(f => [f, join(outDir, relative(root, f)).replace(/\.ts$/, '.mjs')]))
}
