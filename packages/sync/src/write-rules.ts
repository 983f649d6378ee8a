// What a clinic with a write grant may do to a patient's notebook, judged on
// the patches its changes produce (Automerge.diff on a fork), so every visible
// effect is seen whatever ops produced it: it may add entries and amend (or
// move, or withdraw) the entries its own party wrote; it may not touch another
// party's entry, claim another author, reuse the id of an entry another party
// holds (an entry is its author and its id together: a copy under another
// author would shadow it), or touch anything outside the entries (the
// notebook's metadata, its salt, its schema). Entries, changes and each
// writer's share of the notebook are limited in size.
//
// The notebook's layout: entries[<actor>][<YYYY>][<MM>][<DD>][<id>] holds
// each entry as one immutable string, the JSON of the entry with its author
// `{ device, party }`; an amend puts a new string in its place. Every map
// under `entries` sits under the actor of the device that created it, and a
// writer writes only under its own party's devices: a map opened under the
// patient's actor would collide with the patient's own and hide its entries,
// and an entry slipped in there would pass for one of the patient's.
import { isImmutableString, type Doc, type Patch, type Prop } from '@automerge/automerge'
import type { Directory } from './directory.js'

/** The root key holding every entry; everything else at the root is notebook metadata. */
export const ENTRY_ROOT = 'entries'

/** Entry ids a writer's patches added and amended (moved and withdrawn included), for the audit log. */
export interface Writes {
  added: string[]
  amended: string[]
}

/** How much a writer may put in a patient's notebook. */
export interface WriteLimits {
  /** Largest entry (its JSON text, in bytes). */
  maxEntryBytes: number
  /** Largest change a writer may send. */
  maxChangeBytes: number
  /** Most bytes of entries one writer party may hold in a notebook. */
  writerQuotaBytes: number
}

export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  maxEntryBytes: 64 * 1024,
  maxChangeBytes: 4 * 1024 * 1024,
  writerQuotaBytes: 64 * 1024 * 1024
}

// Path depth of an entry: entries / device / year / month / day / id.
const ENTRY_DEPTH = 6

/** What one patch does: adds, replaces or removes an entry, opens a bucket, or breaks a rule. */
type Verdict = { kind: 'added' | 'amended' | 'removed', id: string } | { kind: 'bucket' } | { kind: 'refused', reason: string }

/** The author an entry string names; undefined when the value is not a JSON entry string naming one. */
interface Author { device?: string, party?: string }

/** Returns what the patches did if a writer of `party` may do it; otherwise returns the reason it may not. */
export function checkWrites (before: Doc<unknown>, after: Doc<unknown>, patches: Patch[], party: string, directory: Directory, limits: WriteLimits): Writes | { reason: string } {
  const added = new Set<string>()
  const amended = new Set<string>()
  for (const patch of patches) {
    const verdict = checkPatch(before, after, patch, party, directory, limits)
    if (verdict.kind === 'refused') return { reason: verdict.reason }
    if (verdict.kind === 'added') added.add(verdict.id)
    else if (verdict.kind !== 'bucket') amended.add(verdict.id)
  }
  for (const id of added) {
    if (amended.has(id)) continue
    const holder = otherAuthorOf(before, id, party, directory)
    if (holder !== undefined) return { reason: `it adds an entry with id ${id}, which party ${holder} already holds (an entry's id belongs to its author)` }
  }
  if (added.size + amended.size > 0) {
    const held = bytesOf(after, party, directory)
    if (held > limits.writerQuotaBytes) return { reason: `party ${party} would hold ${held} bytes of entries in this notebook (at most ${limits.writerQuotaBytes})` }
  }
  // A move removes the entry from one day and adds it to another: the entry was amended, not added.
  return { added: [...added].filter(id => !amended.has(id)), amended: [...amended] }
}

function checkPatch (before: unknown, after: unknown, patch: Patch, party: string, directory: Directory, limits: WriteLimits): Verdict {
  const path = patch.path
  const where = path.map(String).join('/')
  if (path[0] !== ENTRY_ROOT) return refused(`it changes the notebook's metadata at ${where}`)
  if (path.length === 1) return refused(`it replaces the notebook's ${ENTRY_ROOT} container`)
  const device = String(path[1])
  if (directory.partyOf(device) !== party) {
    return refused(`it writes in bucket ${ENTRY_ROOT}/${device}, which is not named after a device of party ${party}`)
  }
  // Above the entries (a device's, a year's, a month's or a day's map): only a new map may appear; none is ever replaced or removed.
  if (path.length < ENTRY_DEPTH) {
    if (patch.action !== 'put' || at(before, path) !== undefined || !isMap(at(after, path))) return refused(`it changes the notebook's structure at ${where}`)
    return { kind: 'bucket' }
  }
  const id = String(path[ENTRY_DEPTH - 1])
  if (path.length > ENTRY_DEPTH) return refused(`it edits inside entry ${id}, which is one JSON string`)
  const old = at(before, path)
  if (old !== undefined) {
    const was = authorOf(old)
    if (was?.party !== party) return refused(`it alters entry ${id}, written by party ${was?.party ?? 'unknown'}`)
  }
  if (patch.action === 'del') return old === undefined ? refused(`it changes the notebook's structure at ${where}`) : { kind: 'removed', id }
  if (patch.action !== 'put') return refused(`it edits entry ${id} in place, which is one JSON string`)
  const value = at(after, path)
  const claimed = authorOf(value)
  if (claimed === undefined) return refused(`it writes entry ${id} as something other than a JSON entry string`)
  const size = byteLength(value)
  if (size > limits.maxEntryBytes) return refused(`it writes entry ${id} of ${size} bytes (at most ${limits.maxEntryBytes})`)
  if (claimed.party !== party) return refused(`it writes entry ${id} in the name of party ${claimed.party ?? 'unknown'}`)
  if (directory.byActor(claimed.device ?? '')?.party !== party) return refused(`entry ${id} names device ${claimed.device ?? 'unknown'}, which is not a device of party ${party}`)
  return { kind: old === undefined ? 'added' : 'amended', id }
}

// The party of another author holding an entry with this id anywhere in the notebook, or undefined.
function otherAuthorOf (doc: unknown, id: string, party: string, directory: Directory): string | undefined {
  for (const [device, day] of dayMaps(doc)) {
    const stored = day[id]
    if (stored === undefined) continue
    const author = authorOf(stored)?.party ?? directory.partyOf(device)
    if (author !== party) return author ?? 'unknown'
  }
  return undefined
}

// Bytes of the entries a party's devices hold in the notebook.
function bytesOf (doc: unknown, party: string, directory: Directory): number {
  let total = 0
  for (const [device, day] of dayMaps(doc)) {
    if (directory.partyOf(device) !== party) continue
    for (const stored of Object.values(day)) total += byteLength(stored)
  }
  return total
}

// Every day map of the notebook with the device bucket it is in: entries / device / year / month / day.
function * dayMaps (doc: unknown): Generator<[string, Record<string, unknown>]> {
  const devices = at(doc, [ENTRY_ROOT])
  if (!isMap(devices)) return
  for (const [device, years] of Object.entries(devices)) {
    if (!isMap(years)) continue
    for (const months of Object.values(years)) {
      if (!isMap(months)) continue
      for (const days of Object.values(months)) {
        if (!isMap(days)) continue
        for (const day of Object.values(days)) if (isMap(day)) yield [device, day]
      }
    }
  }
}

const utf8 = new TextEncoder()
function byteLength (value: unknown): number {
  return isImmutableString(value) ? utf8.encode(value.val).length : 0
}

function refused (reason: string): Verdict {
  return { kind: 'refused', reason }
}

function at (doc: unknown, path: Prop[]): unknown {
  let node = doc
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return node
}

function isMap (value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
}

/** The author named by an entry string (an Automerge ImmutableString holding a JSON object with an `author` object). */
function authorOf (value: unknown): Author | undefined {
  if (!isImmutableString(value)) return undefined
  let entry: unknown
  try {
    entry = JSON.parse(value.val)
  } catch {
    return undefined
  }
  if (!isMap(entry) || !isMap(entry.author)) return undefined
  const { device, party } = entry.author
  return { device: typeof device === 'string' ? device : undefined, party: typeof party === 'string' ? party : undefined }
}
