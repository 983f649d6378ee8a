// What a clinic with a write grant may do to a patient's notebook, judged on
// the patches its changes produce (Automerge.diff on a fork), so every visible
// effect is seen whatever ops produced it: it may add entries and amend (or
// move, or withdraw) the entries its own party wrote; it may not touch another
// party's entry, claim another author, or touch anything outside the entries
// (the notebook's metadata, its salt, its schema).
//
// The notebook's layout: entries[<YYYY-MM>/<actor>][<DD>][<id>], so every
// device writes into month buckets of its own. A writer may open a new month
// bucket only under one of its own actors: a bucket opened under the patient's
// actor would collide with the patient's own and hide its entries.
import type { Doc, Patch, Prop } from '@automerge/automerge'
import type { Directory } from './directory.js'

/** The root key holding every entry; everything else at the root is notebook metadata. */
export const ENTRY_ROOT = 'entries'

/** Entry ids a writer's patches added and amended, for the audit log. */
export interface Writes {
  added: string[]
  amended: string[]
}

/** What one patch does: edits an entry, opens a bucket, or breaks a rule. */
type Verdict = { kind: 'added' | 'amended', id: string } | { kind: 'bucket' } | { kind: 'refused', reason: string }

/** Returns what the patches did if a writer of `party` may do it; otherwise returns the reason it may not. */
export function checkWrites (before: Doc<unknown>, after: Doc<unknown>, patches: Patch[], party: string, directory: Directory): Writes | { reason: string } {
  const added = new Set<string>()
  const amended = new Set<string>()
  for (const patch of patches) {
    const verdict = checkPatch(before, after, patch, party, directory)
    if (verdict.kind === 'refused') return { reason: verdict.reason }
    if (verdict.kind === 'added') added.add(verdict.id)
    else if (verdict.kind === 'amended' && !added.has(verdict.id)) amended.add(verdict.id)
  }
  return { added: [...added], amended: [...amended] }
}

function checkPatch (before: unknown, after: unknown, patch: Patch, party: string, directory: Directory): Verdict {
  const path = patch.path
  const where = path.map(String).join('/')
  if (path[0] !== ENTRY_ROOT) return refused(`it changes the notebook's metadata at ${where}`)
  if (path.length === 1) return refused(`it replaces the notebook's ${ENTRY_ROOT} container`)
  for (let depth = 1; depth < path.length; depth++) {
    const prefix = path.slice(0, depth + 1)
    const old = at(before, prefix)
    const now = at(after, prefix)
    if (!isEntry(old) && !isEntry(now)) continue
    const id = String(path[depth])
    if (old !== undefined && !isEntry(old)) return refused(`it replaces ${prefix.map(String).join('/')} with an entry`)
    if (isEntry(old) && authorParty(old) !== party) return refused(`it alters entry ${id}, written by party ${authorParty(old) ?? 'unknown'}`)
    if (depth === path.length - 1 && patch.action === 'del') return { kind: 'amended', id }
    if (isEntry(now)) {
      const claimed = authorOf(now)
      if (claimed.party !== party) return refused(`it writes entry ${id} in the name of party ${claimed.party ?? 'unknown'}`)
      if (directory.byActor(claimed.device ?? '')?.party !== party) return refused(`entry ${id} names device ${claimed.device ?? 'unknown'}, which is not a device of party ${party}`)
    } else {
      return refused(`it removes entry ${id}`)
    }
    return { kind: old === undefined ? 'added' : 'amended', id }
  }
  // Above any entry: only a new bucket may appear; buckets are never replaced or removed.
  if (patch.action !== 'put' || at(before, path) !== undefined || !isMap(at(after, path))) {
    return refused(`it changes the notebook's structure at ${where}`)
  }
  if (path.length === 2) {
    const actor = String(path[1]).split('/').at(-1) ?? ''
    if (directory.byActor(actor)?.party !== party) return refused(`it opens bucket ${where}, which is not named after a device of party ${party}`)
  }
  return { kind: 'bucket' }
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

function isMap (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
}

function isEntry (value: unknown): value is Record<string, unknown> {
  return isMap(value) && isMap(value.author)
}

function authorOf (entry: Record<string, unknown>): { device?: string, party?: string } {
  const author = entry.author as Record<string, unknown>
  return { device: text(author.device), party: text(author.party) }
}

function authorParty (entry: Record<string, unknown>): string | undefined {
  return authorOf(entry).party
}

/** Strings may be stored plain or as Automerge ImmutableString; both read back as text. */
function text (value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null && typeof (value as { val?: unknown }).val === 'string') return (value as { val: string }).val
  return undefined
}
