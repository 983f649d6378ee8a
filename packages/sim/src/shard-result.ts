// What one shard delivers at the end of a run: raw observations in compact rows, which the lead (or
// `techo sim report`, from the files) merges with the other shards' and checks. Times are wall-clock
// epoch ms; heights are the shard's ledger-view height at that moment; `hash` is the first 16 hex
// characters of an Automerge change hash.
import type { ConsentRecord } from './consent-log.js'

/** A reading written: [reading, device, time, height, hash]. */
export type WriteRow = [number, number, number, number, string]
/** A change first seen on a device: [hash, device, time, height]. */
export type ReceiptRow = [string, number, number, number]
/** A sync session this shard's device refused: [device, peer device (-1 unknown), patient (-1 unknown), time, height, reason]. */
export type RefusalRow = [number, number, number, number, number, string]
/** A peer's hello that passed this shard's device's consent check: [device, peer device (-1 unknown), patient (-1 unknown), time, height]. */
export type AcceptRow = [number, number, number, number, number]
/** A probe: [index of the probe event in the plan, outcome, time it started, time it ended, detail]. */
export type ProbeRow = [number, 'refused' | 'accepted' | 'skipped' | 'failed', number, number, string]
/** A replica crypto-shredded: [device, patient, time, reason]. */
export type ShredRow = [number, number, number, string]
/** At the end: [device, patients whose replica its sync service holds, patients whose notebook its vault stores]. */
export type HoldingRow = [number, number[], number[]]
/** At the end: [device, patient, digest of the replica's heads]. */
export type HeadsRow = [number, number, string]
/** Sync bytes per device over the run: [device, in, out]. */
export type BytesRow = [number, number, number]

/** One periodic measurement of a shard process. */
export interface Sample {
  t: number
  rssBytes: number
  heapBytes: number
  /** CPU time (user + system) used by the process so far, ms. */
  cpuMs: number
  /** Event-loop delay over the last interval, ms. */
  loopP99Ms: number
  loopMaxMs: number
  devices: number
  sessions: number
  /** Sync bytes moved so far (both directions, counted once per sending side). */
  bytes: number
  writes: number
  receipts: number
}

export interface Stats { count: number, p50: number, p90: number, p99: number, max: number }

export interface ShardResult {
  shard: number
  pid: number
  host: string
  /** Devices this shard ran at some point. */
  devices: number
  /** Wall-clock ms to build and connect the shard's first devices. */
  startMs: number
  setup: ConsentRecord[]
  writes: WriteRow[]
  receipts: ReceiptRow[]
  refusals: RefusalRow[]
  /** Sessions let in: an accepted probe is judged by the consent state at the block its phone let it in at. */
  accepts: AcceptRow[]
  probes: ProbeRow[]
  shreds: ShredRow[]
  holdings: HoldingRow[]
  heads: HeadsRow[]
  bytes: BytesRow[]
  samples: Sample[]
  /** How late scheduled events ran, ms. */
  lateness: Stats
  /** Anchors published by this shard's phones: when each landed, and how many failed. */
  anchors: { at: number[], failed: number }
  errors: { count: number, byCode: Record<string, number>, examples: string[] }
  /** Connections to a relay that did not go through its emulated link. */
  bypassed: number
}

/** Percentiles of `values` (sorted in place). */
export function stats (values: number[]): Stats {
  values.sort((a, b) => a - b)
  const at = (p: number): number => values.length === 0 ? 0 : values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))] as number
  return { count: values.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: values.at(-1) ?? 0 }
}
