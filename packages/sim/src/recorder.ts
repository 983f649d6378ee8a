// A shard's observations, taken from what the real services emit: every change a device receives
// (by its Automerge hash, the moment the sync layer applied it), every session a device refused or let in,
// every replica it shredded, the bytes its sessions moved, and its errors. Nothing here steers the
// run; it only writes rows for the checker.
import * as Automerge from '@automerge/automerge'
import { errorCode } from '@techo/errors'
import type { LedgerView } from '@techo/ledger'
import type { RunningDevice } from './device.js'
import type { AcceptRow, BytesRow, ProbeRow, ReceiptRow, RefusalRow, ShredRow, WriteRow } from './shard-result.js'

const MAX_EXAMPLES = 20
/** The first errors are also told as they happen (a shard's log shows what went wrong while it runs). */
const TOLD = 5

/** The first 16 hex characters of a change hash: plenty to tell a run's changes apart. */
export function shortHash (hash: string): string {
  return hash.slice(0, 16)
}

export class Recorder {
  readonly writes: WriteRow[] = []
  readonly receipts: ReceiptRow[] = []
  readonly refusals: RefusalRow[] = []
  readonly accepts: AcceptRow[] = []
  readonly probes: ProbeRow[] = []
  readonly shreds: ShredRow[] = []
  readonly errors = { count: 0, byCode: {} as Record<string, number>, examples: [] as string[] }
  /** When each anchor landed, and how many failed. */
  readonly anchors = { at: [] as number[], failed: 0 }
  readonly lateness: number[] = []
  readonly #view: LedgerView
  readonly #deviceOf: (peerId: string) => number | undefined
  readonly #patientOf: (notebook: string) => number | undefined
  readonly #say: (line: string) => void
  /** Bytes of ended sessions, by device. */
  readonly #ended = new Map<number, { in: number, out: number }>()
  /** The heads each device's replica of each notebook had when last looked at, by device. */
  readonly #seen = new Map<number, Map<string, Automerge.Heads>>()

  constructor (view: LedgerView, deviceOf: (peerId: string) => number | undefined, patientOf: (notebook: string) => number | undefined, say: (line: string) => void) {
    this.#view = view
    this.#say = say
    this.#deviceOf = deviceOf
    this.#patientOf = patientOf
  }

  /** Follows a device that just started. */
  observe (device: RunningDevice): void {
    const index = device.spec.index
    const { service } = device
    const seen = new Map<string, Automerge.Heads>()
    this.#seen.set(index, seen)
    if (device.notebook !== undefined) seen.set(device.notebook.id, device.notebook.heads())
    service.on('change', ({ notebook }) => {
      const held = service.notebook(notebook)
      if (held === undefined) return
      const doc = held.holder.doc
      const now = Date.now()
      const height = this.#view.height
      for (const change of Automerge.getChangesMetaSince(doc, seen.get(notebook) ?? [])) this.receipts.push([shortHash(change.hash), index, now, height])
      seen.set(notebook, Automerge.getHeads(doc))
    })
    service.on('refused', ({ notebook, peer, reason, by }) => {
      if (by === 'us') this.refusals.push([index, this.#deviceOf(peer) ?? -1, this.#patientOf(notebook) ?? -1, Date.now(), this.#view.height, reason])
    })
    // At the moment of the consent decision, so the height is the one the device decided at (a hello
    // it let in may still meet a session already open, and be answered 'duplicate').
    service.on('authorised', ({ peer, notebook }) => {
      this.accepts.push([index, this.#deviceOf(peer) ?? -1, this.#patientOf(notebook) ?? -1, Date.now(), this.#view.height])
    })
    service.on('shredded', ({ notebook, reason }) => {
      seen.delete(notebook)
      this.shreds.push([index, this.#patientOf(notebook) ?? -1, Date.now(), reason])
    })
    service.on('session-end', info => {
      const bytes = this.#ended.get(index) ?? { in: 0, out: 0 }
      bytes.in += info.stats.bytesIn
      bytes.out += info.stats.bytesOut
      this.#ended.set(index, bytes)
    })
    service.on('rejected', ({ peer, reason }) => {
      this.error('ERR_SYNC_REJECTED', `${device.spec.name} rejected a message from ${this.#deviceOf(peer) ?? peer}: ${reason}`)
    })
    service.on('anchored', () => { this.anchors.at.push(Date.now()) })
    service.on('error', err => {
      const code = errorCode(err) ?? 'internal'
      if (/anchor/i.test(err.message)) this.anchors.failed++
      this.error(code, `${device.spec.name}: ${err.message}`)
    })
  }

  /** Notes a reading the shard wrote on a phone; its own changes are not receipts. */
  wrote (reading: number, device: RunningDevice, hash: string): void {
    this.writes.push([reading, device.spec.index, Date.now(), this.#view.height, shortHash(hash)])
    // Remote changes applied before this write were recorded as they arrived.
    if (device.notebook !== undefined) this.#seen.get(device.spec.index)?.set(device.notebook.id, device.notebook.heads())
  }

  /** The heads `device`'s replica of `notebook` had at its last change, or undefined if it has had none. */
  heads (device: number, notebook: string): Automerge.Heads | undefined {
    return this.#seen.get(device)?.get(notebook)
  }

  /** Counts an error by its code, keeping the first few messages. */
  error (code: string, message: string): void {
    this.errors.count++
    this.errors.byCode[code] = (this.errors.byCode[code] ?? 0) + 1
    if (this.errors.examples.length < MAX_EXAMPLES) this.errors.examples.push(message)
    if (this.errors.count <= TOLD) this.#say(`error ${code}: ${message}`)
  }

  /** Sync bytes so far per device: ended sessions plus the open ones of `running`. */
  bytes (running: Iterable<RunningDevice>): BytesRow[] {
    const total = new Map([...this.#ended].map(([d, b]) => [d, { ...b }]))
    for (const device of running) {
      const bytes = total.get(device.spec.index) ?? { in: 0, out: 0 }
      for (const session of device.service.peers().sessions) {
        bytes.in += session.stats.bytesIn
        bytes.out += session.stats.bytesOut
      }
      total.set(device.spec.index, bytes)
    }
    return [...total].map(([d, b]) => [d, b.in, b.out])
  }
}
