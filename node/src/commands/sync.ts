// `techo sync` and `techo peers`: one sync round with every authorised peer, reported as it goes,
// and the running daemon's sessions. Both ask the daemon, which holds the node and the sessions.
import { type Command } from 'commander'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'
import { renderTable } from '../cli/table.js'
import type { DaemonClient } from '../access/daemon-client.js'
import type { PeerParty, PeersAnswer, ProgressLine } from '../daemon/sync-routes.js'
import type { SyncLoad } from '@techo/sync'

const STAGE: Record<ProgressLine['stage'], string> = { connecting: 'connecting…', syncing: 'syncing…', 'in-sync': 'in sync', failed: 'failed' }

export function registerSync (program: Command): void {
  program.command('sync [peer]')
    .description('sync now with every authorised peer (or one PeerId or multiaddr), through the running daemon')
    .option('--timeout <seconds>', 'give up on a peer after this long', '30')
    .action(async (peer: string | undefined, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { timeout: string }>()
      const seconds = Number(opts.timeout)
      if (!(Number.isInteger(seconds) && seconds > 0 && seconds <= 600)) throw new CliError(`--timeout must be a whole number of seconds from 1 to 600, not ${JSON.stringify(opts.timeout)}.`)
      const daemon = await daemonFor(opts, 'sync')
      console.log(peer === undefined ? 'Syncing with every authorised peer…' : `Syncing with ${peer}…`)
      const results = await daemon.stream<ProgressLine[]>('/api/sync', { ...(peer === undefined ? {} : { peer }), timeoutMs: seconds * 1000 }, line => {
        const { progress } = line as { progress: ProgressLine }
        console.log(`  ${progressText(progress)}`)
      })
      if (results.length === 0) {
        console.log('No authorised peer to sync with: a patient\'s node syncs with the clinics it granted access, a clinic\'s with the patients who granted it, once their devices are reachable.')
        return
      }
      const failed = results.filter(r => r.stage === 'failed').length
      if (failed > 0) throw new CliError(`Sync failed with ${failed} of ${results.length} peers and notebooks; the lines above say why.`, 'ERR_SYNC_FAILED', EXIT.refused)
      const peers = count(new Set(results.map(r => r.peer)).size, 'peer')
      const notebooks = count(new Set(results.map(r => r.notebook)).size, 'notebook')
      console.log(`Done: ${notebooks} in sync with ${peers}.`)
    })

  program.command('peers')
    .description('list the running daemon\'s load (notebooks held, open, stored) and sync sessions: peer, party, notebook, access, in sync, bytes; and reconnects pending')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { json?: boolean }>()
      const answer = await (await daemonFor(opts, 'peers')).call<PeersAnswer>('GET', '/api/peers')
      if (opts.json === true) { console.log(JSON.stringify(answer, null, 2)); return }
      const { chain } = answer
      console.log(chain.following ? `Following the consent chain at ${chain.url} (block ${chain.block ?? 0}).` : `Not syncing yet: the consent chain at ${chain.url} does not answer${chain.problem === undefined ? '' : ` (${chain.problem.replace(/\.$/, '')})`}.`)
      console.log(`Connected to ${count(answer.connected.length, 'peer')} (\`techo peers --json\` lists them).`)
      if (answer.load !== undefined) console.log(loadText(answer.load))
      if (answer.sessions.length === 0) {
        console.log('No sync sessions are open.')
      } else {
        console.log(`\nSync sessions:\n${renderTable(['Peer', 'Party', 'Notebook', 'Access', 'In sync', 'Sent', 'Received'], answer.sessions.map(s => [
          s.peer, partyText(s), s.notebook, s.access, s.inSync ? 'yes' : 'no', bytes(s.stats.bytesOut), bytes(s.stats.bytesIn)
        ]))}`)
      }
      if (answer.retrying.length > 0) {
        console.log(`\nReconnecting:\n${renderTable(['Peer', 'Notebook', 'Failures', 'Next try'], answer.retrying.map(r => [
          r.peer, r.notebook, String(r.failures), r.at.slice(11, 19)
        ]))}`)
      }
    })
}

// Both commands need the node the daemon runs: without one there is no session to report or use.
async function daemonFor (opts: GlobalOptions, command: string): Promise<DaemonClient> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await (await import('../access/live-daemon.js')).liveDaemonClient(dataDir)
  if (daemon === undefined) {
    throw new CliError(`\`techo ${command}\` works through the running daemon, and none serves ${dataDir}: start \`techo serve\` first.`, 'ERR_NO_DAEMON', EXIT.badInput)
  }
  return daemon
}

function progressText (p: ProgressLine): string {
  const stage = p.stage === 'in-sync' && p.stats !== undefined
    ? `in sync (sent ${bytes(p.stats.bytesOut)}, received ${bytes(p.stats.bytesIn)})`
    : p.stage === 'failed' ? `failed: ${p.error?.message ?? 'no reason given'}` : STAGE[p.stage]
  return `device ${p.peer} (${partyText(p)}), notebook ${p.notebook}: ${stage}`
}

function partyText (p: PeerParty): string {
  return p.party === undefined ? 'not approved on chain' : `${p.kind ?? 'party'} ${p.party}`
}

function loadText (load: SyncLoad): string {
  const leaving = load.leaving === 0 ? '' : `, ${load.leaving} waiting to move to the clinic's other relays`
  return `Notebooks: ${load.held} held, ${load.open} open in memory (${load.idle} idle, closing when unused), ${load.stored} stored on disk${leaving}; ${count(load.sessions, 'sync session')}.`
}

function count (n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

function bytes (n: number): string {
  if (n < 1024) return `${n} B`
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1024 * 1024)).toFixed(1)} MiB`
}
