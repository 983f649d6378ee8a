// FHIR import and export speed: each bundle imported into a fresh notebook, then exported, with
// the time per 1,000 resources, what was kept by type, and every problem and flag found.
//
//   node --conditions=source --import tsx test/bench/fhir-import.bench.ts               # fixtures/fhir
//   node --conditions=source --import tsx test/bench/fhir-import.bench.ts DIR           # every *.json bundle in DIR
//
// Figures only: nothing here asserts a time.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { masterKeyFromSeed } from '@techo/identity'
import { Notebook, exportFhirBundle, importFhirBundle, type ImportReport } from '@techo/notebook'

const dir = process.argv[2] ?? fileURLToPath(new URL('../../fixtures/fhir/', import.meta.url))
// The patient, who is also the writing party here.
const PATIENT = masterKeyFromSeed(new Uint8Array(32).fill(7)).id
const files = readdirSync(dir).filter(f => f.endsWith('.json') && statSync(join(dir, f)).isFile()).sort()

const totals = { files: 0, resources: 0, bytes: 0, parseMs: 0, importMs: 0, importCpuMs: 0, exportMs: 0 }
const kept: Record<string, number> = {}
const byType: Record<string, number> = {}
const notHeld: Record<string, number> = {}
const problems: string[] = []
const flagged: Record<string, number> = {}
let refused = 0
// One untimed import first: compiling Automerge's WebAssembly and warming the JIT is not the import's cost.
await importFhirBundle(Notebook.create({ patientId: PATIENT, actor: 'b'.repeat(32), party: PATIENT }), JSON.parse(readFileSync(join(dir, files[0] as string), 'utf8')))
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8')
  let t = performance.now()
  const bundle = JSON.parse(text) as { resourceType?: string, entry?: Array<{ resource?: { resourceType?: string } }> }
  totals.parseMs += performance.now() - t
  if (bundle.resourceType !== 'Bundle') continue
  const nb = Notebook.create({ patientId: PATIENT, actor: 'a'.repeat(32), party: PATIENT })
  let report: ImportReport
  t = performance.now()
  const cpu = process.cpuUsage()
  try {
    report = await importFhirBundle(nb, bundle)
  } catch (err) {
    refused++
    problems.push(`${file}: refused: ${(err as Error).message.split('\n')[0] ?? ''}`)
    continue
  }
  totals.importMs += performance.now() - t
  const used = process.cpuUsage(cpu)
  totals.importCpuMs += (used.user + used.system) / 1000
  t = performance.now()
  exportFhirBundle(nb)
  totals.exportMs += performance.now() - t
  totals.files++
  totals.bytes += text.length
  totals.resources += bundle.entry?.length ?? 0
  for (const e of bundle.entry ?? []) byType[e.resource?.resourceType ?? '?'] = (byType[e.resource?.resourceType ?? '?'] ?? 0) + 1
  for (const [k, n] of Object.entries(report.added)) kept[k] = (kept[k] ?? 0) + n
  for (const [k, n] of Object.entries(report.notHeld)) notHeld[k] = (notHeld[k] ?? 0) + n
  for (const p of report.problems) problems.push(`${file} ${p.path} (${p.resource}): ${p.message}`)
  for (const f of report.flagged) flagged[f.message.replace(/\d+(\.\d+)?/g, 'N')] = (flagged[f.message.replace(/\d+(\.\d+)?/g, 'N')] ?? 0) + 1
}

const per1k = (ms: number): string => (ms / totals.resources * 1000).toFixed(1)
console.log(`${totals.files} bundles (${refused} refused), ${totals.resources} resources, ${(totals.bytes / 1e6).toFixed(1)} MB from ${dir}`)
// CPU time as well as wall time: on a shared machine the wall clock also counts other people's work.
console.log(`import: ${(totals.importMs / 1000).toFixed(2)} s, ${per1k(totals.importMs)} ms per 1,000 resources (CPU ${per1k(totals.importCpuMs)} ms; JSON.parse ${per1k(totals.parseMs)} ms more)`)
console.log(`export: ${(totals.exportMs / 1000).toFixed(2)} s, ${per1k(totals.exportMs)} ms per 1,000 resources`)
console.log('resources in the bundles, by type:', byType)
console.log('entries kept, by kind:', kept)
console.log('not held, by type:', notHeld)
console.log(`flagged (kept): ${Object.values(flagged).reduce((a, b) => a + b, 0)}`, flagged)
console.log(`problems (not imported): ${problems.length}`)
for (const p of problems.slice(0, 50)) console.log('  ' + p)
