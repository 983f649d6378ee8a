// `techo vitals add <kind> <value>`: one validated reading, written atomically.
import { type Command } from 'commander'
import { withAccess } from '../access/open.js'
import { type GlobalOptions } from '../cli/config.js'
import { describeEntry } from '../cli/describe.js'

export function registerVitals (program: Command): void {
  const vitals = program.command('vitals').description('record vital signs')
  vitals.command('add <kind> <value>')
    .description('add a reading: bp 120/80, temp 36.8, pulse 72, weight 64.2, spo2 98, glucose 95, steps 8000')
    .option('--at <time>', 'when it was taken (ISO 8601 with zone, e.g. 2026-11-20T08:30+09:00; default now)')
    .action(async (kind: string, value: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { at?: string }>()
      const reading = { kind, text: value, ...(opts.at === undefined ? {} : { at: opts.at }) }
      const { entry, vitals } = await withAccess(opts, async a => ({ entry: await a.addVital(reading), vitals: await a.vitalKinds() }), {
        // Checked before the passphrase is asked, so a typo costs nothing; a daemon checks it itself.
        check: async () => { (await import('@techo/notebook')).parseVital(kind, value, opts.at) }
      })
      console.log(`Added ${describeEntry(entry, vitals)}.`)
    })
}
