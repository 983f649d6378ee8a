// What the benchmark and the relay under test (relay-node.ts, a process of its own) say to each other.

/** Resident memory and JavaScript heap, in bytes. */
export interface Memory { rss: number, heap: number }

/** The relay's start-up, phase by phase (ms), from opening its vault to serving sync. */
export interface StartUp {
  vault: number
  checkpoint: number
  view: number
  /** Blocks the view caught up after its checkpoint. */
  blocks: number
  node: number
  sync: number
  total: number
}

export type ToRelay =
  | { type: 'start', url: string }
  | { type: 'memory' }
  | { type: 'cold', count: number }
  | { type: 'stop' }

export type FromRelay =
  | { type: 'loaded' }
  | { type: 'ready', peerId: string, addresses: string[], startUp: StartUp, memory: { before: Memory, after: Memory }, held: number, open: number }
  | { type: 'change', notebook: string }
  | { type: 'memory', memory: Memory, held: number, open: number }
  | { type: 'cold', ms: number[] }
  | { type: 'stopped' }
