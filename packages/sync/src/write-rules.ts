// What a clinic with a write grant may do to a patient's notebook, judged on
// the patches its changes produce (Automerge.diff on a fork), so every visible
// effect is seen whatever ops produced it: it may add entries and amend (or
// move, or withdraw) the entries its own party wrote; it may not touch another
// party's entry, claim another author, or touch anything outside the entries
// (the notebook's metadata, its salt, its schema).
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

// Path depth of an entry: entries / device / year / month / day / id.
const ENTRY_DEPTH = 6

/** What one patch does: adds, replaces or removes an entry, opens a bucket, or breaks a rule. */
type Verdict = { kind: 'added' | 'amended' | 'removed', id: string } | { kind: 'bucket' } | { kind: 'refused', reason: string }

/** The author an entry string names; undefined when the value is not a JSON entry string naming one. */
interface Author { device?: string, party?: string }

/** Returns what the patches did if a writer of `party` may do it; otherwise returns the reason it may not. */
export function checkWrites (before: Doc<unknown>, after: Doc<unknown>, patches: Patch[], party: string, directory: Directory): Writes | { reason: string } {
  const added = new Set<string>()
  const amended = new Set<string>()
  for (const patch of patches) {
    const verdict = checkPatch(before, after, patch, party, directory)
    if (verdict.kind === 'refused') return { reason: verdict.reason }
    if (verdict.kind === 'added') added.add(verdict.id)
    else if (verdict.kind !== 'bucket') amended.add(verdict.id)
  }
  // A move removes the entry from one day and adds it to another: the entry was amended, not added.
  return { added: [...added].filter(id => !amended.has(id)), amended: [...amended] }
}

function checkPatch (before: unknown, after: unknown, patch: Patch, party: string, directory: Directory): Verdict {
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
  const claimed = authorOf(at(after, path))
  if (claimed === undefined) return refused(`it writes entry ${id} as something other than a JSON entry string`)
  if (claimed.party !== party) return refused(`it writes entry ${id} in the name of party ${claimed.party ?? 'unknown'}`)
  if (directory.byActor(claimed.device ?? '')?.party !== party) return refused(`entry ${id} names device ${claimed.device ?? 'unknown'}, which is not a device of party ${party}`)
  return { kind: old === undefined ? 'added' : 'amended', id }
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
