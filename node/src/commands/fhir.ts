// `techo export --fhir FILE`, `techo export --ips FILE` and `techo import FILE`: moving records to and
// from other systems, and the summary a patient hands to a doctor.
import type { ImportIssue, ImportProgress, ImportReport } from '@techo/notebook'
import { type Command } from 'commander'
import { renameSync, writeFileSync } from 'node:fs'
import { withAccess } from '../access/open.js'
import { type GlobalOptions } from '../cli/config.js'
import { CliError } from '../cli/exit.js'
import { readBundle } from '../cli/read-bundle.js'

// Smaller bundles import in a blink: progress would only be noise.
const PROGRESS_FROM = 2000

export function registerFhir (program: Command): void {
  program.command('export')
    .description('export your notebook as a FHIR R4 Bundle (--fhir), or your International Patient Summary (--ips) to hand to a doctor')
    .option('--fhir <file>', 'write the whole notebook as a FHIR R4 collection Bundle ("-" for standard output)')
    .option('--ips <file>', 'write the International Patient Summary, a FHIR R4 document Bundle ("-" for standard output)')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { fhir?: string, ips?: string }>()
      if ((opts.fhir === undefined) === (opts.ips === undefined)) throw new CliError('Say what to export: --fhir <file> for the whole notebook, or --ips <file> for the patient summary.')
      const ips = opts.ips !== undefined
      const file = (opts.ips ?? opts.fhir) as string
      const bundle = await withAccess(opts, async a => ips ? await a.exportIps() : await a.exportFhir()) as { entry?: unknown[] }
      const text = JSON.stringify(bundle, null, 2) + '\n'
      if (file === '-') {
        process.stdout.write(text)
        return
      }
      // Written beside the target and renamed, so a crash never leaves half a bundle under the name.
      const partial = `${file}.partial`
      writeFileSync(partial, text, { mode: 0o600 })
      renameSync(partial, file)
      console.log(ips
        ? `Wrote your International Patient Summary (${bundle.entry?.length ?? 0} resources) to ${file}.`
        : `Exported ${bundle.entry?.length ?? 0} resources to ${file}.`)
    })

  program.command('import <file>')
    .description('import a FHIR R4 Bundle (e.g. from a hospital or Synthea): everything readable, each problem listed')
    .option('--strict', 'import nothing if any resource has a problem')
    .option('--subject <patient>', 'the Patient (id or fullUrl) whose records to import from a bundle that holds several')
    .option('--source <uri>', 'where the bundle comes from (e.g. the hospital\'s FHIR base URL), for resources that do not say')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { strict?: boolean, subject?: string, source?: string }>()
      const bundle = readBundle(file)
      const options = { strict: opts.strict === true, ...(opts.subject === undefined ? {} : { subject: opts.subject }), ...(opts.source === undefined ? {} : { source: opts.source }) }
      const report = await withAccess(opts, async a => await a.importFhir(bundle, options, progressPrinter()))
      printReport(file, report)
    })
}

// Progress on stderr, so standard output stays the report: one updating line on a terminal, a line a quarter otherwise.
function progressPrinter (): (p: ImportProgress) => void {
  let quarter = -1
  return p => {
    if (p.total < PROGRESS_FROM) return
    const text = p.writing === true ? `Writing ${p.total.toLocaleString('en-US')} resources to your notebook…` : `Reading resources: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${text}\x1b[K${p.writing === true ? '\n' : ''}`)
      return
    }
    const q = p.writing === true ? 5 : Math.floor(p.done * 4 / p.total)
    if (q > quarter) {
      quarter = q
      process.stderr.write(text + '\n')
    }
  }
}

function printReport (file: string, report: ImportReport): void {
  const added = Object.entries(report.added)
  const total = added.reduce((n, [, c]) => n + c, 0)
  console.log(`Imported ${total} entries from ${file}${total > 0 ? ':' : '.'}`)
  for (const [type, count] of added) console.log(`  ${String(count).padStart(5)}  ${type}`)
  if (report.amended > 0) console.log(`Updated to a newer version (the earlier one is kept in the entry's history): ${report.amended}.`)
  if (report.retired > 0) console.log(`Marked entered in error or refuted by the source (kept, shown no more): ${report.retired}.`)
  if (report.existing > 0) console.log(`Already in your notebook (not added again): ${report.existing}.`)
  list(`Kept, but flagged (${report.flagged.length}):`, report.flagged)
  list(`Not imported, because they could not be read (${report.problems.length}):`, report.problems)
  list(`Left out (${report.ignored.length}):`, report.ignored)
  const notHeld = Object.entries(report.notHeld)
  if (notHeld.length > 0) {
    console.log('Not kept (the notebook does not hold these types):')
    for (const [type, count] of notHeld) console.log(`  ${String(count).padStart(5)}  ${type}`)
  }
  if (report.unsourced > 0) {
    console.log(`${report.unsourced} resources do not say where they come from, so they are known by type and id alone; if this bundle is from another hospital than an earlier one, import it again with --source <its FHIR base URL>.`)
  }
}

// Every issue, one line each: a long list is the point (all of them, not the first).
function list (title: string, issues: ImportIssue[]): void {
  if (issues.length === 0) return
  console.log(title)
  for (const i of issues) console.log(`  ${i.path} (${i.resource}): ${i.message}`)
}
