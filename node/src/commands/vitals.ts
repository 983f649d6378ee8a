// `techo vitals add <kind> <value>`: one validated reading, written atomically.
import { parseVital } from '@techo/notebook'
import { type Command } from 'commander'
import { describeEntry } from '../describe.js'
import { withAccess } from '../open-access.js'
import { type GlobalOptions } from '../session.js'

export function registerVitals (program: Command): void {
  const vitals = program.command('vitals').description('record vital signs')
  vitals.command('add <kind> <value>')
    .description('add a reading: bp 120/80, temp 36.8, pulse 72, weight 64.2, spo2 98, glucose 95, steps 8000')
    .option('--at <time>', 'when it was taken (ISO 8601 with zone, e.g. 2026-11-20T08:30+09:00; default now)')
    .action(async (kind: string, value: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { at?: string }>()
      // Validated before the passphrase is asked: a typo costs nothing.
      const input = parseVital(kind, value, opts.at)
      const entry = await withAccess(opts, async a => await a.addVital(input))
      console.log(`Added ${describeEntry(entry)}.`)
    })
}
