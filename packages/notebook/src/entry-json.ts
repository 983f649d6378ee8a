// Each entry is stored as ONE immutable string: the canonical JSON (RFC 8785) of its body. Automerge
// loads, syncs and stores a notebook at a cost that follows its op count, and a string is one op
// where a map of fields was about ten. An amend replaces the whole string, so the op it overwrites
// names the actor of the version before (what the sync gate checks).
// Reading is defensive: a string may come from a peer that got past the sync gate, so anything that
// is not an entry a writer could have stored (valid values, normalised, no field a writer does not
// write) is skipped and logged, never returned.
import { ImmutableString, isImmutableString } from '@automerge/automerge'
import createDebug from 'debug'
import { VALIDATORS } from './entries.js'
import type { Fail } from './errors.js'
import { isActorId, isPartyId } from '@techo/identity'
import { canonicalEntry, checkSource } from './entry-source.js'
import { checkTime } from './time.js'
import type { Author, EntryBody, EntryType } from './types.js'

const log = createDebug('techo:notebook')
// A stored entry's times were checked against its writer's clock when it was written; the reader's
// clock must not refuse them (the writer's may run ahead), so no time counts as in the future.
const NO_CLOCK = Date.UTC(9999, 11, 31)
// Checking a party id decodes its base58 (~5 µs, as long as the rest of a read): a notebook has a
// handful of authors, so the ones already checked are remembered (up to a bound a hostile peer cannot grow past).
const PARTIES_REMEMBERED = 256
const parties = new Set<string>()
// The stored strings already found valid, by the ImmutableString holding them: Automerge hands out
// the same object for an unchanged entry in every later version of the document, so each entry is
// checked once, and a later read costs one JSON.parse (the checks cost about four times that).
const valid = new WeakMap<object, string>()

/** A stored value that holds a JSON object, not yet checked to be an entry. */
export interface Parsed { stored: ImmutableString, json: Record<string, unknown> }

class Unreadable extends Error {}
const fail: Fail = (field, message) => { throw new Unreadable(`${field}: ${message}`) }

/** Returns the stored form of a validated entry body: its canonical JSON as one immutable string. */
export function writeEntry (body: EntryBody): ImmutableString {
  return new ImmutableString(canonicalEntry(body))
}

/** Returns the body stored in `value` if it is an entry a writer could have stored; otherwise logs why and returns undefined. */
export function readEntry (id: string, value: unknown): EntryBody | undefined {
  const parsed = parseEntry(id, value)
  return parsed === undefined ? undefined : checkEntry(id, parsed)
}

/**
 * Returns the JSON object stored in `value`, NOT yet checked (a query filters on it before paying
 * for the checks); otherwise logs why and returns undefined.
 */
export function parseEntry (id: string, value: unknown): Parsed | undefined {
  return guarded(id, () => {
    if (!isImmutableString(value)) return fail('(entry)', 'it is not an immutable string')
    const json: unknown = JSON.parse(value.val)
    return isRecord(json) ? { stored: value, json } : fail('(entry)', 'it is not a JSON object')
  })
}

/** Returns the parsed JSON as an entry body if it is an entry a writer could have stored; otherwise logs why and returns undefined. */
export function checkEntry (id: string, { stored, json }: Parsed): EntryBody | undefined {
  if (valid.get(stored) === stored.val) return json as unknown as EntryBody
  return guarded(id, () => {
    const type = json.type
    if (typeof type !== 'string' || !Object.hasOwn(VALIDATORS, type)) return fail('type', `${JSON.stringify(type)} is not an entry type`)
    // Validators read only the fields they know, so the entry's own metadata may stay in their input.
    const body: EntryBody = { ...VALIDATORS[type as EntryType](json, NO_CLOCK, fail), recorded: time(json.recorded, 'recorded'), author: writer(json.author) }
    if (json.amended !== undefined) body.amended = time(json.amended, 'amended')
    if (json.source !== undefined) body.source = checkSource(json.source, fail)
    // Validators drop fields they do not know and normalise the rest: any difference means a writer would not store this.
    if (!sameJson(json, body)) return fail('(entry)', 'it holds fields or forms a valid entry does not')
    valid.set(stored, stored.val)
    return body
  })
}

// Whatever a hostile string makes the parser or a validator throw, it costs that entry only.
function guarded<T> (id: string, read: () => T): T | undefined {
  try {
    return read()
  } catch (err) {
    log('entry %s is not a valid entry and was skipped: %s', id, (err as Error).message)
    return undefined
  }
}

function time (value: unknown, field: string): string {
  return checkTime(value, field, { label: 'Entry time', precise: true, now: NO_CLOCK }, fail)
}

function writer (value: unknown): Author {
  if (!isRecord(value) || !isActorId(value.device) || !isParty(value.party)) return fail('author', 'it does not name a device and a party')
  return { device: value.device, party: value.party }
}

function isParty (value: unknown): value is string {
  if (typeof value === 'string' && parties.has(value)) return true
  if (!isPartyId(value)) return false
  if (parties.size >= PARTIES_REMEMBERED) parties.clear()
  parties.add(value)
  return true
}

// Equal JSON values (an original FHIR resource is kept as the very object parsed, so it compares by identity).
function sameJson (a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
  if (!isRecord(a) || !isRecord(b)) return false
  let keys = 0
  for (const k in a) {
    if (!Object.hasOwn(b, k) || !sameJson(a[k], b[k])) return false
    keys++
  }
  return keys === Object.keys(b).length
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
