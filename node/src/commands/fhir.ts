// `techo export --fhir FILE` and `techo import FILE`: moving records to and from other systems.
import { type Command } from 'commander'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { withAccess } from '../access/open.js'
import { type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'

export function registerFhir (program: Command): void {
  program.command('export')
    .description('export your notebook as a FHIR R4 Bundle (JSON)')
    .requiredOption('--fhir <file>', 'where to write the bundle ("-" for standard output)')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { fhir: string }>()
      const bundle = await withAccess(opts, async a => await a.exportFhir())
      const text = JSON.stringify(bundle, null, 2) + '\n'
      if (opts.fhir === '-') {
        process.stdout.write(text)
        return
      }
      // Written beside the target and renamed, so a crash never leaves half a bundle under the name.
      const partial = `${opts.fhir}.partial`
      writeFileSync(partial, text, { mode: 0o600 })
      renameSync(partial, opts.fhir)
      console.log(`Exported ${bundle.entry?.length ?? 0} resources to ${opts.fhir}.`)
    })

  program.command('import <file>')
    .description('import a FHIR R4 Bundle (e.g. from a hospital or Synthea): all of it, or nothing')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>()
      const bundle = readBundle(file)
      const report = await withAccess(opts, async a => await a.importFhir(bundle))
      const added = Object.entries(report.added)
      const total = added.reduce((n, [, c]) => n + c, 0)
      console.log(`Imported ${total} entries from ${file}${total > 0 ? ':' : '.'}`)
      for (const [type, count] of added) console.log(`  ${String(count).padStart(5)}  ${type}`)
      if (report.existing > 0) console.log(`Already in your notebook (not added again): ${report.existing}.`)
      const skipped = Object.entries(report.skipped)
      if (skipped.length > 0) {
        console.log('Skipped (the notebook does not hold these):')
        for (const [type, count] of skipped) console.log(`  ${String(count).padStart(5)}  ${type}`)
      }
    })
}

function readBundle (file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}.`, 'ERR_BAD_FILE', EXIT.badInput)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CliError(`${file} is not JSON (${(err as Error).message}); a FHIR R4 Bundle in JSON is expected.`, 'ERR_BAD_BUNDLE', EXIT.badInput)
  }
}
