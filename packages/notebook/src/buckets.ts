// Where entries live in the document: entries[<YYYY-MM>/<actor>][<DD>][<id>] by the UTC month and
// day of the entry's time (see NotebookDoc). Appends only ever add keys to small maps, and reads
// for a time range open only the months and days that overlap it.
import type { ImmutableString } from '@automerge/automerge'
import { instantOf } from './time.js'
import type { NotebookDoc } from './types.js'

const DAY_MS = 86_400_000

/** Where an entry was found: its month map key, day key and stored value (unchecked: see readEntry). */
export interface Slot { month: string, day: string, stored: unknown }

type Days = Record<string, Record<string, unknown>>

/** Returns the month map key for an entry at instant `ms` written by `actor`. */
export function monthKeyOf (ms: number, actor: string): string {
  return new Date(ms).toISOString().slice(0, 7) + '/' + actor
}

/** Returns the day map key (UTC day of month, two digits) for an instant. */
export function dayKeyOf (ms: number): string {
  return new Date(ms).toISOString().slice(8, 10)
}

/** Puts a stored entry into this actor's bucket for instant `ms`, creating the month and day maps if needed (inside a change). */
export function putEntry (doc: NotebookDoc, actor: string, id: string, ms: number, stored: ImmutableString): void {
  const monthKey = monthKeyOf(ms, actor)
  if (doc.entries[monthKey] === undefined) doc.entries[monthKey] = {}
  const month = doc.entries[monthKey] as Record<string, Record<string, ImmutableString>>
  const dayKey = dayKeyOf(ms)
  if (month[dayKey] === undefined) month[dayKey] = {}
  const day = month[dayKey] as Record<string, ImmutableString>
  day[id] = stored
}

/** True when an entry at instant `ms` belongs in the month and day of `slot` (whichever device's bucket it is in). */
export function inBucket (slot: Slot, ms: number): boolean {
  return slot.month.slice(0, 7) === monthKeyOf(ms, '').slice(0, 7) && slot.day === dayKeyOf(ms)
}

/** Returns the slot of entry `id`, or undefined; when concurrent moves left two copies, always the same one. */
export function locate (doc: NotebookDoc, id: string): Slot | undefined {
  for (const month of Object.keys(doc.entries).sort()) {
    const days = mapIn(doc.entries[month]) as Days
    for (const day of Object.keys(days).sort()) {
      const stored = mapIn(days[day])[id]
      if (stored !== undefined) return { month, day, stored }
    }
  }
  return undefined
}

/** Yields [id, stored value] for entries in the buckets whose days overlap [since, until), in bucket order. */
export function * scan (doc: NotebookDoc, since: number, until: number): Generator<[string, unknown]> {
  for (const month of Object.keys(doc.entries).sort()) {
    const start = instantOf(month.slice(0, 7))
    const next = new Date(start)
    next.setUTCMonth(next.getUTCMonth() + 1)
    if (next.getTime() <= since || start >= until) continue
    const days = mapIn(doc.entries[month]) as Days
    for (const day of Object.keys(days).sort()) {
      const dayStart = start + (Number(day) - 1) * DAY_MS
      if (dayStart + DAY_MS <= since || dayStart >= until) continue
      yield * Object.entries(mapIn(days[day]))
    }
  }
}

// Only a misbehaving peer could put something other than a map where a bucket belongs: it holds no entries.
function mapIn (value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {}
}
