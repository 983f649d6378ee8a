// Where entries live in the document: entries[<actor>][<YYYY>][<MM>][<DD>][<id>], by the device that
// wrote the entry and the UTC year, month and day of its time (see NotebookDoc). Automerge copies
// every map on a change's path, so the path is keyed to keep each map small at any notebook size.
// Measured: a top level keyed by device and month (~800 keys for 100k readings) made an append cost
// 2.2–2.7× more at 100k entries than at 1k; keyed by device and year it still grew with each device
// a notebook gains (6 devices: 3×); keyed by device alone, 1.1–1.3×. Reads for a time range open only
// the years, months and days overlapping it.
import type { ImmutableString } from '@automerge/automerge'
import type { DayBucket, NotebookDoc } from './types.js'

const DAY_MS = 86_400_000

/** Where an entry was found: its device, year, month and day keys, and its stored value (unchecked: see readEntry). */
export interface Slot { device: string, year: string, month: string, day: string, stored: unknown }

type Place = Omit<Slot, 'stored'>
type Keyed = Record<string, unknown>

/** Puts a stored entry into this actor's bucket for instant `ms`, creating its year, month and day maps if needed (inside a change). */
export function putEntry (doc: NotebookDoc, actor: string, id: string, ms: number, stored: ImmutableString): void {
  const { year, month, day } = placeOf(ms)
  const days = child(child(child(doc.entries, actor), year), month)
  child(days, day)[id] = stored
}

/** Returns the day map `slot` was found in, from `doc` (inside a change on the document it was located in). */
export function dayOf (doc: NotebookDoc, slot: Slot): DayBucket {
  return doc.entries[slot.device]?.[slot.year]?.[slot.month]?.[slot.day] as DayBucket
}

/** True when an entry at instant `ms` belongs in the year, month and day of `slot` (whichever device's bucket it is in). */
export function inBucket (slot: Slot, ms: number): boolean {
  const place = placeOf(ms)
  return slot.year === place.year && slot.month === place.month && slot.day === place.day
}

/** Returns every slot holding an entry `id`, in bucket order (one per author, unless concurrent moves left two copies). */
export function locateAll (doc: NotebookDoc, id: string): Slot[] {
  const found: Slot[] = []
  for (const [place, day] of dayMaps(doc, -Infinity, Infinity)) {
    const stored = day[id]
    if (stored !== undefined) found.push({ ...place, stored })
  }
  return found
}

/** Yields [id, stored value] for entries in the buckets whose days overlap [since, until), in bucket order. */
export function * scan (doc: NotebookDoc, since: number, until: number): Generator<[string, unknown]> {
  for (const [, day] of dayMaps(doc, since, until)) yield * Object.entries(day)
}

// Every day map whose day overlaps [since, until), with its keys, in key order: a year or month
// outside the range is skipped whole. A key that is not a number (only a misbehaving peer writes
// one) makes NaN bounds, which overlap anything: its entries are still read, and checked, not hidden.
function * dayMaps (doc: NotebookDoc, since: number, until: number): Generator<[Place, Keyed]> {
  const overlaps = (start: number, end: number): boolean => !(end <= since || start >= until)
  for (const device of Object.keys(doc.entries).sort()) {
    const years = mapIn(doc.entries[device])
    for (const year of Object.keys(years).sort()) {
      if (!overlaps(Date.UTC(Number(year), 0, 1), Date.UTC(Number(year) + 1, 0, 1))) continue
      const months = mapIn(years[year])
      for (const month of Object.keys(months).sort()) {
        const start = Date.UTC(Number(year), Number(month) - 1, 1)
        if (!overlaps(start, Date.UTC(Number(year), Number(month), 1))) continue
        const days = mapIn(months[month])
        for (const day of Object.keys(days).sort()) {
          const dayStart = start + (Number(day) - 1) * DAY_MS
          if (overlaps(dayStart, dayStart + DAY_MS)) yield [{ device, year, month, day }, mapIn(days[day])]
        }
      }
    }
  }
}

// The UTC year, month and day of an instant (four-digit years: entry times are after 1900 and never far in the future).
function placeOf (ms: number): Omit<Place, 'device'> {
  const iso = new Date(ms).toISOString()
  return { year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10) }
}

// The map under `key`, created empty first if there is none.
function child<T extends object> (map: Record<string, T>, key: string): T {
  if (map[key] === undefined) map[key] = {} as T
  return map[key] as T
}

// Only a misbehaving peer could put something other than a map where a bucket belongs: it holds no entries.
function mapIn (value: unknown): Keyed {
  return typeof value === 'object' && value !== null ? value as Keyed : {}
}
