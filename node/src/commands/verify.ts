// `techo verify`: proves that the notebook held here (a patient's own, or the copy a clinic holds)
// is the one whose salted digest the patient's node anchored on chain, or an earlier state of it,
// and says what differs when it is not. The anchors are read from the chain; the notebook is judged
// by whoever holds it (the daemon, or this process).
import type { AnchorEvent } from '@techo/ledger'
import { type Command } from 'commander'
import type { AnchorCheck } from '../access/anchor-check.js'
import { withAccess } from '../access/open.js'
import { chainLocation, withChainOptions, type ChainFlags } from '../cli/chain-settings.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'
import { renderTable } from '../cli/table.js'

type Opts = GlobalOptions & ChainFlags & { at?: string, json?: boolean }

export function registerVerify (program: Command): void {
  withChainOptions(program.command('verify'))
    .description('prove that the notebook held here matches the digest anchored on chain (the latest, or the last one at --at), and say what differs')
    .option('--at <time>', 'judge the last anchor made at or before this time (ISO 8601), instead of the latest')
    .option('--json', 'print every anchor\'s judgement as JSON')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts>()
      const until = opts.at === undefined ? Infinity : Date.parse(opts.at)
      if (Number.isNaN(until)) throw new CliError(`--at ${JSON.stringify(opts.at)} is not a time; give an ISO 8601 date or date-time.`)
      const checks = await withAccess(opts, async a => {
        const who = await a.whoami()
        const patient = who.role === 'patient' ? who.party : who.patient ?? opts.patient
        if (patient === undefined) throw new CliError('On a clinic node, --patient <patient id> names the notebook to verify.')
        const { LedgerReader } = await import('@techo/ledger')
        const { notebookIdFor } = await import('@techo/identity')
        const notebook = notebookIdFor(patient)
        const anchors = (await new LedgerReader(chainLocation(opts, dataDirFrom(opts.data))).history(patient))
          .filter((e): e is AnchorEvent => e.action === 'anchor' && e.notebook === notebook)
          .map(({ seq, digest, at, by }) => ({ seq, digest, at, by }))
        if (anchors.length === 0) throw new CliError(`No digest of notebook ${notebook} is anchored on chain yet: the patient's node anchors after each sync that changed it.`, 'ERR_NOT_ANCHORED', EXIT.refused)
        return await a.checkAnchors(anchors)
      })
      if (opts.json === true) { console.log(JSON.stringify(checks, null, 2)); return }
      const judged = checks.filter(c => c.at <= until).at(-1)
      if (judged === undefined) throw new CliError(`No digest was anchored at or before ${opts.at ?? ''}; the first was at ${new Date(checks[0]?.at ?? 0).toISOString()}.`, 'ERR_NOT_ANCHORED', EXIT.refused)
      console.log(renderTable(['Seq', 'Anchored', 'Digest', 'The notebook held here'], checks.map(c => [String(c.seq), when(c.at), `${c.digest.slice(0, 12)}…`, words(c)])))
      console.log(`\n${sentence(judged)}`)
      if (judged.held === 'absent') process.exitCode = EXIT.refused
    })
}

function when (ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

function words (c: AnchorCheck): string {
  switch (c.held) {
    case 'now': return 'is this state'
    case 'before': return `held it; ${c.since} ${c.since === 1 ? 'change' : 'changes'} since`
    case 'absent': return 'never held this state'
  }
}

function sentence (c: AnchorCheck): string {
  const anchor = `The digest anchored at ${when(c.at)} (sequence ${c.seq}, signed by ${c.by})`
  switch (c.held) {
    case 'now': return `Verified: ${anchor} is the digest of the notebook held here.`
    case 'before': return `Verified: ${anchor} is an earlier state of the notebook held here, which has ${c.since} ${c.since === 1 ? 'change' : 'changes'} made since.`
    case 'absent': return `Not verified: ${anchor} matches no state of the notebook held here: this copy lacks changes the patient's device had then, or differs from them.`
  }
}
