// `techo audit`: who read or wrote what, when — from this node's log, or (--chain) from the chain.
import type { ConsentEvent } from '@techo/ledger'
import { type Command } from 'commander'
import { withAccess } from '../access/open.js'
import { withConsent } from '../access/open-consent.js'
import { DEFAULT_CHAIN_URL, DEFAULT_CONTRACT } from '../cli/chain-settings.js'
import { type GlobalOptions } from '../cli/config.js'
import { renderTable } from '../cli/table.js'

type Opts = GlobalOptions & { chain?: string | true, contract?: string, since?: string, limit?: string, json?: boolean }

export function registerAudit (program: Command): void {
  // `--chain` alone reads the history from the default chain; `--chain URL` from that node.
  program.command('audit')
    .description('show this node\'s audit log (syncs, reads, writes, refusals, grants), or with --chain your consent history on chain')
    .option('--chain [url]', `read this party's history back from the chain (default: $TECHO_CHAIN or ${DEFAULT_CHAIN_URL})`)
    .option('--contract <id>', `the consent contract id or linked name (default: ${DEFAULT_CONTRACT})`)
    .option('--since <time>', 'only events at or after this time')
    .option('--limit <n>', 'at most this many events')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts>()
      if (opts.chain !== undefined) {
        const events = await withConsent({ ...opts, chain: opts.chain === true ? undefined : opts.chain }, async c => await c.history())
        if (opts.json === true) { console.log(JSON.stringify(events, null, 2)); return }
        console.log(events.length === 0 ? 'No consent history on chain yet.' : renderTable(['When', 'Action', 'Detail', 'Transaction'], events.map(chainRow)))
        return
      }
      const events = await withAccess(opts, async a => await a.audit({
        ...(opts.since === undefined ? {} : { since: opts.since }),
        ...(opts.limit === undefined ? {} : { limit: Number(opts.limit) })
      }))
      if (opts.json === true) { console.log(JSON.stringify(events, null, 2)); return }
      console.log(events.length === 0 ? 'The audit log is empty.' : renderTable(['When', 'Kind', 'Peer', 'Detail'], events.map(e => [
        e.at.slice(0, 19).replace('T', ' '), e.kind, (e.peer ?? '').slice(0, 16), e.detail
      ])))
    })
}

function chainRow (e: ConsentEvent): string[] {
  const when = new Date(e.at).toISOString().slice(0, 19).replace('T', ' ')
  const detail = (() => {
    switch (e.action) {
      case 'registerParty': return `registered as ${e.kind}`
      case 'approveDevice': return `approved ${e.device} as ${e.role}`
      case 'revokeDevice': return `revoked device ${e.device}`
      case 'grant': return `${e.scope} access for ${e.clinic} until ${new Date(e.until).toISOString().slice(0, 10)}`
      case 'revoke': return `revoked ${e.clinic}`
      case 'anchor': return `anchored digest #${e.seq} ${e.digest.slice(0, 12)}…`
    }
  })()
  return [when, e.action, detail, e.tx.slice(0, 12) + '…']
}
