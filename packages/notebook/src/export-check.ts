// Checking a FHIR export against the notebook it claims to come from: the heads its Bundle.meta
// records name a state of the notebook; the notebook re-exported at that state must give the same
// resources. The heads alone prove nothing (anyone can copy them into an edited file); the
// comparison is what catches an export altered after it was made.
import { digest } from './digest.js'
import { NotebookError } from './errors.js'
import { exportFhirBundle, type BundleEntry } from './fhir-export.js'
import { TECHO_NOTEBOOK, TECHO_NOTEBOOK_HEAD } from './fhir-systems.js'
import type { Notebook } from './notebook.js'

/**
 * One resource in which an export and the notebook at its heads disagree: `added` is in the file only,
 * `removed` in the notebook only, `changed` in both but not equal (`fields` names the resource's
 * top-level elements that differ, `fullUrl` when the entry's address does).
 */
export interface ExportDifference { change: 'added' | 'removed' | 'changed', resourceType: string, id: string, fields?: string[] }

/** The state an export names (its heads and their salted digest) and how the file differs from the notebook at that state. */
export interface ExportComparison { heads: string[], digest: string, differences: ExportDifference[] }

/**
 * Compares `bundle` (a parsed Techo FHIR export) with `nb` re-exported at the heads the bundle records.
 * Throws ERR_BAD_BUNDLE when it is not a Bundle, is another notebook's or records no heads, and
 * ERR_UNKNOWN_HEADS when this copy of the notebook holds no such state.
 */
export function compareExport (nb: Notebook, bundle: unknown): ExportComparison {
  const heads = exportHeads(nb, bundle)
  const then = nb.at(heads)
  return { heads, digest: digest(then), differences: differences(exportFhirBundle(then).entry, (bundle as { entry?: unknown }).entry) }
}

function exportHeads (nb: Notebook, bundle: unknown): string[] {
  const b = bundle as { resourceType?: unknown, identifier?: { system?: unknown, value?: unknown }, meta?: { tag?: unknown } } | null
  if (typeof b !== 'object' || b === null || b.resourceType !== 'Bundle') bad('resourceType', 'This is not a FHIR Bundle (its resourceType is not "Bundle"); give a file written by techo export --fhir.')
  if (b.identifier?.system === TECHO_NOTEBOOK && b.identifier.value !== nb.id) {
    bad('identifier', `This export is of notebook ${String(b.identifier.value)}, not of notebook ${nb.id} held here.`)
  }
  const tags = Array.isArray(b.meta?.tag) ? b.meta.tag as Array<{ system?: unknown, code?: unknown }> : []
  const heads = tags.filter(t => t?.system === TECHO_NOTEBOOK_HEAD).map(t => t.code)
  if (heads.length === 0) bad('meta.tag', `This bundle records no notebook heads (no meta.tag of system ${TECHO_NOTEBOOK_HEAD}), so it cannot be tied to an anchored digest; export it again with techo export --fhir.`)
  const wrong = heads.find(h => typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h))
  if (wrong !== undefined) bad('meta.tag', `The notebook head ${JSON.stringify(wrong)} recorded in meta.tag is not a change hash (64 hex digits).`)
  return heads as string[]
}

function bad (path: string, message: string): never {
  throw new NotebookError('ERR_BAD_BUNDLE', message, { path })
}

// Matched by resource type and id (by fullUrl for a resource without an id); a resource given twice in the file is added once over.
function differences (expected: readonly BundleEntry[], given: unknown): ExportDifference[] {
  const left = new Map(expected.map(e => [keyOf(e), e]))
  const out: ExportDifference[] = []
  for (const g of Array.isArray(given) ? given as unknown[] : []) {
    const entry = (typeof g === 'object' && g !== null ? g : {}) as Partial<BundleEntry>
    const key = keyOf(entry)
    const want = left.get(key)
    left.delete(key)
    if (want === undefined) {
      out.push({ change: 'added', ...named(entry) })
      continue
    }
    const fields = changedFields(want, entry)
    if (fields.length > 0) out.push({ change: 'changed', ...named(want), fields })
  }
  for (const e of left.values()) out.push({ change: 'removed', ...named(e) })
  return out
}

function named (e: Partial<BundleEntry>): { resourceType: string, id: string } {
  const r = (e.resource ?? {}) as { resourceType?: unknown, id?: unknown }
  return { resourceType: typeof r.resourceType === 'string' ? r.resourceType : '(no resourceType)', id: typeof r.id === 'string' ? r.id : String(e.fullUrl) }
}

function keyOf (e: Partial<BundleEntry>): string {
  const { resourceType, id } = named(e)
  return `${resourceType}/${id}`
}

function changedFields (want: BundleEntry, got: Partial<BundleEntry>): string[] {
  const a = want.resource as Record<string, unknown>
  const b = (typeof got.resource === 'object' && got.resource !== null ? got.resource : {}) as Record<string, unknown>
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(k => canonical(a[k]) !== canonical(b[k])).sort()
  return want.fullUrl === got.fullUrl ? fields : ['fullUrl', ...fields]
}

// JSON with object keys sorted, so key order (which JSON does not fix) never counts as a change.
function canonical (value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x < y ? -1 : x > y ? 1 : 0))
    : v) ?? 'undefined'
}
