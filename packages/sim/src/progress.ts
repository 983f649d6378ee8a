// The progress line a run shows while it goes: phase, simulated time, nodes up and connected,
// readings and their arrivals, chain transactions, and the load on the shards.
import type { RunProgress } from './lead.js'
import { bytes, duration } from './summary.js'
import { DAY_MS } from './workload.js'

const PHASES: Record<RunProgress['phase'], string> = {
  chain: 'starting the chain',
  setup: 'chain set-up',
  start: 'starting nodes',
  run: 'running',
  settle: 'settling',
  done: 'collecting results'
}

/** One line describing where the run is. */
export function progressLine (p: RunProgress): string {
  const shards = p.shards.filter(s => s !== undefined)
  const sum = (k: 'txs' | 'devices' | 'connected' | 'writes' | 'receipts' | 'refusals' | 'errors' | 'rssBytes'): number => shards.reduce((n, s) => n + (s?.[k] ?? 0), 0)
  const parts = [`[${duration(p.elapsedMs)}] ${PHASES[p.phase]}`]
  if (p.phase === 'setup') parts.push(`${sum('txs')} transactions`)
  if (p.phase !== 'chain' && p.phase !== 'setup') parts.push(`${sum('devices')}/${p.devices} nodes up, ${sum('connected')} connected`)
  if (p.phase === 'run' || p.phase === 'settle') {
    parts.push(`day ${(p.simMs / DAY_MS).toFixed(2)}/${(p.durationMs / DAY_MS).toFixed(2)}`, `${sum('writes')} readings, ${sum('receipts')} arrivals`, `${p.consentTxs} consent txs`)
    const refusals = sum('refusals')
    if (refusals > 0) parts.push(`${refusals} refusals`)
  }
  if (shards.length > 0) {
    const loop = Math.max(...shards.map(s => s?.loopP99Ms ?? 0))
    const late = Math.max(...shards.map(s => s?.lateMs ?? 0))
    parts.push(`RSS ${bytes(sum('rssBytes'))}`, `loop p99 ${duration(loop)}`)
    if (late > 1000) parts.push(`events ${duration(late)} late`)
  }
  const errors = sum('errors')
  if (errors > 0) parts.push(`${errors} errors`)
  return parts.join(' · ')
}
