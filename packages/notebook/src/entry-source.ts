// The source record of an imported entry (see EntrySource): how it is built from a FHIR resource,
// and how a stored one is checked when read. The original resource is kept whole, because a lossless
// export needs every field of it. A large one (an imaging study listing hundreds of images) is kept
// deflated, which loses nothing: its JSON shrinks about tenfold. One too large for an entry even so
// is not cut short: the entry keeps its typed view, the resource's hash and size, and an issue saying
// the original was not kept; export then rebuilds the resource from the typed view, and the import
// report names it.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64 } from '@scure/base'
import { canonicalize } from '@techo/identity'
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate'
import type { Fail } from './errors.js'
import { ENTRY_ID } from './ids.js'
import { checkTime } from './time.js'
import type { EntrySource } from './types.js'

/** The largest entry (canonical JSON, in bytes) an import writes: peers limit synced entries to 64 KiB. */
export const ENTRY_BUDGET = 60 * 1024
/** How many earlier versions an entry lists (the document keeps them all; this is the index to them). */
export const MAX_HISTORY = 50

type Json = Record<string, unknown>

const SHA256_HEX = /^[0-9a-f]{64}$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const HEAD = /^[0-9a-f]{64}$/
const NO_CLOCK = Date.UTC(9999, 11, 31)
const MAX_KEY = 2048
const MAX_ISSUES = 20
const MAX_RELATED = 20

/** The canonical JSON of a resource and its hash: what identifies one version of it. */
export interface Fingerprint { json: string, sha256: string, size: number }

// The canonical JSON of resources fingerprinted by this import, so writing their entries does not canonicalize them again.
const canonical = new WeakMap<object, string>()
// Stands in for the resource while the rest of an entry is canonicalized (control characters never occur in a key or our values).
const PLACEHOLDER = '\u0000techo:resource\u0000'

/** Returns the canonical JSON, SHA-256 (hex) and UTF-8 size of a resource. */
export function fingerprint (resource: Json): Fingerprint {
  const json = canonicalize(resource)
  canonical.set(resource, json)
  const bytes = utf8ToBytes(json)
  return { json, sha256: bytesToHex(sha256(bytes)), size: bytes.length }
}

/** Returns the canonical JSON of an entry body, reusing the canonical JSON of its original resource when it is known. */
export function canonicalEntry (body: { source?: EntrySource }): string {
  const resource = body.source?.resource
  const json = resource === undefined ? undefined : canonical.get(resource)
  if (json === undefined) return canonicalize(body)
  // Keys sort the same whatever their values, so the resource's text can take the placeholder's place.
  const text = canonicalize({ ...body, source: { ...body.source, resource: PLACEHOLDER } })
  const token = JSON.stringify(PLACEHOLDER)
  const at = text.indexOf(token)
  // Text that happens to hold the placeholder itself is canonicalized the long way.
  if (at !== text.lastIndexOf(token)) return canonicalize(body)
  return text.slice(0, at) + json + text.slice(at + token.length)
}

/** Returns `source` with its original resource deflated (for entries over ENTRY_BUDGET with it whole). */
export function deflated (source: EntrySource): EntrySource {
  const { resource, ...rest } = source
  if (resource === undefined) return source
  const json = canonical.get(resource) ?? canonicalize(resource)
  return { ...rest, deflated: base64.encode(deflateSync(strToU8(json), { level: 9 })) }
}

/** Returns the original resource a source record keeps, whole or deflated; undefined when it was too large to keep. */
export function originalOf (source: EntrySource | undefined): Json | undefined {
  if (source?.resource !== undefined) return source.resource
  if (source?.deflated === undefined) return undefined
  return JSON.parse(strFromU8(inflateSync(base64.decode(source.deflated)))) as Json
}

/** Returns `source` without its original resource and related resources, flagged as too large to keep (for entries over ENTRY_BUDGET even deflated). */
export function withoutOriginal (source: EntrySource): EntrySource {
  const { resource: _r, related: _rel, deflated: _d, ...rest } = source
  const kb = Math.ceil(source.size / 1024)
  const issue = `its original FHIR JSON (${kb} KiB) is too large to keep in one entry (${ENTRY_BUDGET / 1024} KiB), even deflated: the notebook keeps its summary, and export rebuilds the resource from it`
  return { ...rest, issues: [...(rest.issues ?? []), issue] }
}

/** Returns the stored source record if it is well formed; calls `fail` otherwise. */
export function checkSource (value: unknown, fail: Fail): EntrySource {
  if (!isRecord(value)) return fail('source', 'it is not an object')
  const { key, sha256: hash, size } = value
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY) return fail('source.key', 'it is not an identity')
  if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return fail('source.sha256', 'it is not a SHA-256 hash')
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 2) return fail('source.size', 'it is not a size')
  const out: EntrySource = { key, sha256: hash, size }
  if (value.resource !== undefined) out.resource = resource(value.resource, 'source.resource', fail)
  if (value.deflated !== undefined) {
    if (typeof value.deflated !== 'string' || value.deflated.length > ENTRY_BUDGET || !BASE64.test(value.deflated) || out.resource !== undefined) {
      return fail('source.deflated', 'it is not a deflated resource in base64')
    }
    out.deflated = value.deflated
  }
  if (value.related !== undefined) {
    if (!Array.isArray(value.related) || value.related.length === 0 || value.related.length > MAX_RELATED) return fail('source.related', 'it is not a list of resources')
    out.related = value.related.map((r: unknown) => {
      if (!isRecord(r) || typeof r.key !== 'string' || r.key === '' || r.key.length > MAX_KEY) return fail('source.related', 'an item has no identity')
      return { key: r.key, resource: resource(r.resource, 'source.related', fail) }
    })
  }
  if (value.encounter !== undefined) {
    if (typeof value.encounter !== 'string' || !ENTRY_ID.test(value.encounter)) return fail('source.encounter', 'it is not an entry id')
    out.encounter = value.encounter
  }
  if (value.issues !== undefined) {
    const issues = value.issues
    if (!Array.isArray(issues) || issues.length === 0 || issues.length > MAX_ISSUES || !issues.every(i => typeof i === 'string' && i !== '' && i.length <= 1000)) {
      return fail('source.issues', 'it is not a list of sentences')
    }
    out.issues = issues as string[]
  }
  if (value.history !== undefined) {
    const history = value.history
    if (!Array.isArray(history) || history.length === 0 || history.length > MAX_HISTORY) return fail('source.history', 'it is not a list of versions')
    out.history = history.map((v: unknown) => {
      if (!isRecord(v) || !Array.isArray(v.heads) || v.heads.length === 0 || v.heads.length > 64 || !v.heads.every(h => typeof h === 'string' && HEAD.test(h))) {
        return fail('source.history', 'a version has no document heads')
      }
      return { replaced: instant(v.replaced, 'source.history', fail), heads: v.heads as string[] }
    })
  }
  if (value.retired !== undefined) out.retired = instant(value.retired, 'source.retired', fail)
  if (value.edited !== undefined) out.edited = instant(value.edited, 'source.edited', fail)
  return out
}

function resource (value: unknown, field: string, fail: Fail): Json {
  if (!isRecord(value) || typeof value.resourceType !== 'string' || !/^[A-Z][A-Za-z]{1,63}$/.test(value.resourceType)) return fail(field, 'it is not a FHIR resource')
  return value
}

function instant (value: unknown, field: string, fail: Fail): string {
  return checkTime(value, field, { label: 'Time', precise: true, now: NO_CLOCK }, fail)
}

function isRecord (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
