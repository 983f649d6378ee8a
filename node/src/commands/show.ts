// `techo show`: the notebook as a readable table, or as JSON for scripts.
import type { Query } from '@techo/notebook'
import { type Command } from 'commander'
import { withAccess } from '../access/open.js'
import { type GlobalOptions } from '../cli/config.js'
import { entryValue, entryWhat } from '../cli/describe.js'
import { CliError } from '../cli/exit.js'
import { renderTable } from '../cli/table.js'
import { ENTRY_TYPES as TYPES, VITAL_KINDS as KINDS, isOneOf } from '../cli/vocabulary.js'

export function registerShow (program: Command): void {
  program.command('show')
    .description('show your notebook as a table (or --json)')
    .option('--type <type>', `only one type: ${TYPES.join(', ')}, or a vital kind (${KINDS.join(', ')})`)
    .option('--since <time>', 'only entries at or after this time (ISO 8601 date or time)')
    .option('--until <time>', 'only entries before this time')
    .option('--json', 'print the entries as JSON')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { type?: string, since?: string, until?: string, json?: boolean }>()
      const query = queryFrom(opts)
      const { entries, vitals, names } = await withAccess(opts, async a => ({ entries: await a.query(query), vitals: await a.vitalKinds(), names: await a.names() }))
      if (opts.json === true) {
        console.log(JSON.stringify(entries, null, 2))
        return
      }
      if (entries.length === 0) {
        console.log('No entries match.')
        return
      }
      const rows = entries.map(e => [e.at.replace('T', ' ').replace(/:\d\d(?:\.\d+)?(?=[Z+-]|$)/, ''), entryWhat(e, vitals), entryValue(e, vitals), names[e.author.party] ?? e.author.party.slice(0, 8)])
      console.log(renderTable(['When', 'What', 'Value', 'By'], rows))
      console.log(`\n${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`)
    })
}

function queryFrom (opts: { type?: string, since?: string, until?: string }): Query {
  const q: Query = {}
  if (opts.type !== undefined) {
    if (isOneOf(KINDS, opts.type)) Object.assign(q, { type: 'vital', kind: opts.type })
    else if (isOneOf(TYPES, opts.type)) q.type = opts.type
    else throw new CliError(`--type ${JSON.stringify(opts.type)} is not a type; use one of ${[...TYPES, ...KINDS].join(', ')}.`)
  }
  if (opts.since !== undefined) q.since = opts.since
  if (opts.until !== undefined) q.until = opts.until
  return q
}
