// Import: a FHIR R4 Bundle (hospital exports, Synthea transaction bundles, our own exports) mapped
// onto notebook entries, each keeping its original resource (see EntrySource) so export gives back
// what came in. Tolerant by default: every resource that can be read is kept; one that cannot is
// listed with its path and reason (all of them), and a vital sign with implausible values is kept as
// a flagged observation; `strict` refuses the whole bundle instead. A resource's identity includes
// where it came from (see fhir-identity.ts); a newer version of one already here amends its entry
// and keeps the history, an entered-in-error one retires it. Everything lands in one change.
import { canonicalize } from '@techo/identity'
import createDebug from 'debug'
import { scan } from './buckets.js'
import { readEntry } from './entry-json.js'
import { ENTRY_BUDGET, MAX_HISTORY, deflated, fingerprint, originalOf, withoutOriginal } from './entry-source.js'
import { NotebookError } from './errors.js'
import { carePlan, diagnosticReport, encounter, imagingStudy, immunization, procedure } from './fhir-history.js'
import { indexBundle, type BundleIndex, type Indexed } from './fhir-identity.js'
import type { MapContext, Mapper, Mapped } from './fhir-map.js'
import { medicationRequest, medicationStatement } from './fhir-medication.js'
import { observation } from './fhir-observation.js'
import { bundleError, obj, optObj, optText, statusCode, text, type Json } from './fhir-read.js'
import { allergy, condition, documentReference, patient, patientName } from './fhir-records.js'
import { TECHO_NOTEBOOK, TECHO_PARTY, uuidFor } from './fhir-systems.js'
import { ENTRY_ID, derivedEntryId } from './ids.js'
import { addValidated, replaceValidated, type Notebook } from './notebook.js'
import { isoSeconds } from './time.js'
import type { Entry, EntryData, EntrySource } from './types.js'

const log = createDebug('techo:notebook:import')

/** How to import: `strict` refuses a bundle with any problem; `subject` picks one patient of several; `source` names where resources that carry no origin come from. */
export interface ImportOptions {
  strict?: boolean
  subject?: string
  source?: string
  /** Called as resources are read (`done` of `total`), then once with `writing` before the one write. */
  onProgress?: (progress: ImportProgress) => void
}

export interface ImportProgress { done: number, total: number, writing?: boolean }

/** One resource the report names: where it is in the bundle, which it is, and what happened or was wrong. */
export interface ImportIssue { path: string, resource: string, message: string }

/**
 * What an import did. `added` counts new entries by vital kind or entry type; `flagged` lists
 * resources kept with a flag (an implausible value, an original too large to keep whole);
 * `problems` lists those that could not be read and were not imported; `ignored` those left out on
 * purpose (an older version, another patient's record); `notHeld` counts resources of types the
 * notebook does not keep; `unsourced` counts resources identified by Type/id alone.
 */
export interface ImportReport {
  added: Record<string, number>
  amended: number
  retired: number
  existing: number
  flagged: ImportIssue[]
  problems: ImportIssue[]
  ignored: ImportIssue[]
  notHeld: Record<string, number>
  unsourced: number
}

const BUNDLE_TYPES = ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection']
const MAPPERS: ReadonlyMap<string, Mapper> = new Map([
  ['Patient', patient],
  ['Observation', observation],
  ['AllergyIntolerance', allergy],
  ['Condition', condition],
  ['MedicationRequest', medicationRequest],
  ['MedicationStatement', medicationStatement],
  ['DocumentReference', documentReference],
  ['Immunization', immunization],
  ['Procedure', procedure],
  ['DiagnosticReport', diagnosticReport],
  ['Encounter', encounter],
  ['CarePlan', carePlan],
  ['ImagingStudy', imagingStudy]
])
const PROGRESS_EVERY = 250
// The event loop gets a turn this often, so a daemon keeps serving (and streams progress) during a long import.
const YIELD_MS = 30

interface Plan { id: string, item: Indexed, data: EntryData, source: EntrySource, previous?: Entry }

/**
 * Imports a FHIR R4 Bundle in one change and reports what it did, resource by resource. Throws
 * ERR_BAD_BUNDLE, writing nothing, when the input is not a Bundle, when it holds more than one
 * patient and `subject` picks none, or (with `strict`) when any resource has a problem.
 */
export async function importFhirBundle (nb: Notebook, input: unknown, options: ImportOptions = {}): Promise<ImportReport> {
  const bundle = obj(input, '(root)')
  if (bundle.resourceType !== 'Bundle') {
    throw bundleError('resourceType', `expected "Bundle" but found ${JSON.stringify(bundle.resourceType) ?? 'nothing'}; this is not a FHIR Bundle.`)
  }
  const type = text(bundle.type, 'type')
  if (!BUNDLE_TYPES.includes(type)) throw bundleError('type', `${JSON.stringify(type)} is not a FHIR Bundle type.`)
  const now = nb.now().getTime()
  const index = indexBundle(bundle.entry, options.source, r => fingerprint(r).sha256)
  const report: ImportReport = { added: {}, amended: 0, retired: 0, existing: 0, flagged: [], problems: [], ignored: [], notHeld: {}, unsourced: 0 }
  for (const u of index.unreadable) report.problems.push({ path: u.path, resource: '(not a resource)', message: u.message })
  const ids = entryIds(nb, bundle)
  const chosen = patientsToImport(index, options.subject)
  const existing = existingEntries(nb)
  const plans = new Map<string, Plan>()
  const used = new Set<Indexed>()
  const implausible: ImportIssue[] = []
  const total = index.resources.length
  let lastYield = Date.now()

  for (const [done, item] of index.resources.entries()) {
    if (done % PROGRESS_EVERY === 0) options.onProgress?.({ done, total })
    if (Date.now() - lastYield > YIELD_MS) {
      await new Promise(resolve => setTimeout(resolve, 0))
      lastYield = Date.now()
    }
    const mapper = MAPPERS.get(item.type)
    if (mapper === undefined) continue
    const name = `${item.type}/${item.id ?? '(no id)'}`
    const ignore = (message: string): void => { report.ignored.push({ path: item.path, resource: name, message }) }
    if (isTechoPlaceholder(item)) { ignore('it is a Techo notebook\'s own patient record'); continue }
    const about = subjectOf(item, index)
    if (chosen !== undefined && about !== undefined && !chosen.has(about)) {
      ignore(`it is about another patient (${about.type}/${about.id ?? about.key}) than the one chosen`)
      continue
    }
    const id = ids(item)
    const print = fingerprint(item.resource)
    const before = existing.get(id)
    const planned = plans.get(id)
    if (before !== undefined) {
      if (before.source === undefined || before.source.sha256 === print.sha256) { report.existing++; continue }
      if (before.author.party !== nb.party) { ignore(`a newer version of entry ${id}, which party ${before.author.party} wrote; only that party may amend it`); continue }
      const held = originalOf(before.source)
      if (versionOrder(item.resource, held) < 0) {
        ignore(`an older version (${versionText(item.resource)}) than the one in your notebook (${versionText(held)})`)
        continue
      }
    }
    if (planned !== undefined) {
      if (planned.source.sha256 === print.sha256) { report.existing++; continue }
      if (versionOrder(item.resource, planned.item.resource) < 0) { ignore(`an older version of ${planned.item.path} in this bundle`); continue }
      report.ignored.push({ path: planned.item.path, resource: name, message: `an older version of ${item.path} in this bundle` })
    }
    const ctx = context(now, item, index, ids, existing)
    let mapped: Mapped
    try {
      mapped = mapper(item.resource, item.path, ctx)
    } catch (err) {
      if (!(err instanceof NotebookError)) throw err
      // A withdrawal may say little more than "entered in error": it still retires the entry it names.
      const { id: _id, recorded: _r, author: _a, amended: _m, source: _s, ...held } = before ?? {}
      if (before === undefined || withdrawn(item.resource, item.path) === undefined) {
        report.problems.push({ path: err.path ?? item.path, resource: name, message: err.message.replace(/^Bad bundle at \S+: /, '') })
        continue
      }
      mapped = { data: held as EntryData }
    }
    for (const r of mapped.related ?? []) used.add(r)
    if (item.unsourced) report.unsourced++
    for (const message of mapped.issues ?? []) implausible.push({ path: item.path, resource: name, message })
    const source = sourceOf(item, print, mapped, ctx, before)
    plans.set(id, { id, item, data: mapped.data, source: fit(mapped.data, source), previous: before })
  }
  options.onProgress?.({ done: total, total })

  for (const item of index.resources) {
    if (!MAPPERS.has(item.type) && !(item.type === 'Medication' && used.has(item))) report.notHeld[item.type] = (report.notHeld[item.type] ?? 0) + 1
  }
  for (const plan of plans.values()) {
    tidyLinks(plan, id => plans.has(id) || existing.has(id))
    for (const issue of plan.source.issues ?? []) report.flagged.push({ path: plan.item.path, resource: `${plan.item.type}/${plan.item.id ?? '(no id)'}`, message: issue })
  }
  // Strict refuses what could not be read and what was implausible, not what was only too large to keep whole.
  if (options.strict === true && report.problems.length + implausible.length > 0) throw refusal([...report.problems, ...implausible])

  options.onProgress?.({ done: total, total, writing: true })
  const heads = nb.heads()
  const replaced = isoSeconds(nb.now())
  nb.batch(() => {
    for (const plan of plans.values()) {
      const retired = plan.source.retired !== undefined
      if (plan.previous === undefined) {
        addValidated(nb, plan.data, plan.id, plan.source)
        count(report.added, plan.data.type === 'vital' ? plan.data.kind : plan.data.type)
        if (retired) report.retired++
        continue
      }
      const history = [...plan.previous.source?.history ?? [], { replaced, heads }].slice(-MAX_HISTORY)
      replaceValidated(nb, plan.id, plan.data, { ...plan.source, history })
      if (retired && plan.previous.source?.retired === undefined) report.retired++
      else report.amended++
    }
  })
  log('imported %d entries, amended %d, %d already present, %d problems', Object.values(report.added).reduce((a, b) => a + b, 0), report.amended, report.existing, report.problems.length)
  return report
}

// How each resource's entry id is found: a Techo export keeps its entries' ids; anything else derives one from its identity.
function entryIds (nb: Notebook, bundle: Json): (item: Indexed) => string {
  const identifier = optObj(bundle, 'identifier', '')
  const from = identifier !== undefined && optText(identifier, 'system', 'identifier') === TECHO_NOTEBOOK ? optText(identifier, 'value', 'identifier') : undefined
  let mine: Map<string, string> | undefined
  return item => {
    if (from !== undefined && item.id !== undefined && ENTRY_ID.test(item.id) && item.fullUrl === `urn:uuid:${uuidFor(from, item.id)}`) return item.id
    if (from === nb.id && item.fullUrl?.startsWith('urn:uuid:') === true) {
      // This notebook's own export: fullUrls of entries without an identity of their own are derived from their ids.
      mine ??= new Map([...existingEntries(nb).keys()].map(id => [`urn:uuid:${uuidFor(nb.id, id)}`, id]))
      const id = mine.get(item.fullUrl)
      if (id !== undefined) return id
    }
    return derivedEntryId('import', item.key)
  }
}

// Every entry already in the notebook by id (retired ones included), read when first asked for.
function existingEntries (nb: Notebook): { get: (id: string) => Entry | undefined, has: (id: string) => boolean, keys: () => Iterable<string> } {
  const stored = new Map(scan(nb.doc, -Infinity, Infinity))
  return {
    get: id => {
      const value = stored.get(id)
      if (value === undefined) return undefined
      const body = readEntry(id, value)
      return body === undefined ? undefined : { id, ...body }
    },
    has: id => stored.has(id),
    keys: () => stored.keys()
  }
}

function context (now: number, item: Indexed, index: BundleIndex, ids: (item: Indexed) => string, existing: ReturnType<typeof existingEntries>): MapContext {
  const target = (reference: unknown): { found?: Indexed, ref?: string } => {
    if (typeof reference !== 'object' || reference === null) return {}
    const ref = (reference as Json).reference
    return typeof ref === 'string' ? { found: index.resolve(ref, item), ref } : {}
  }
  return {
    now,
    item,
    resolve: reference => target(reference).found,
    entryId: (reference, type) => {
      const { found, ref } = target(reference)
      if (found !== undefined) return found.type === type && MAPPERS.has(type) ? ids(found) : undefined
      if (ref === undefined) return undefined
      // A reference to something imported before (another bundle from the same place).
      const id = derivedEntryId('import', ref)
      return existing.has(id) ? id : undefined
    }
  }
}

function sourceOf (item: Indexed, print: ReturnType<typeof fingerprint>, mapped: Mapped, ctx: MapContext, before: Entry | undefined): EntrySource {
  const source: EntrySource = { key: item.key, sha256: print.sha256, size: print.size, resource: item.resource }
  if (mapped.related !== undefined) source.related = mapped.related.map(r => ({ key: r.key, resource: r.resource }))
  const r = item.resource
  const context = optObj(r, 'context', item.path)
  const visit = ctx.entryId(r.encounter ?? (Array.isArray(context?.encounter) ? context.encounter[0] : undefined), 'Encounter')
  if (visit !== undefined) source.encounter = visit
  if (mapped.issues !== undefined) source.issues = mapped.issues
  if (withdrawn(r, item.path) !== undefined) source.retired = before?.source?.retired ?? isoSeconds(new Date(ctx.now))
  return source
}

// Keeps the original as it came when the entry fits the budget, else deflated, else the summary only (see entry-source.ts).
function fit (data: EntryData, source: EntrySource): EntrySource {
  const rest = (source.related ?? []).reduce((n, r) => n + canonicalize(r.resource).length, 0) + canonicalize(data).length + 1024
  if (source.size + rest <= ENTRY_BUDGET) return source
  const small = deflated(source)
  return (small.deflated?.length ?? Infinity) + rest <= ENTRY_BUDGET ? small : withoutOriginal(source)
}

// A report's results and an entry's visit point only at entries that exist once this import is written.
function tidyLinks (plan: Plan, exists: (id: string) => boolean): void {
  if (plan.data.type === 'report' && plan.data.results !== undefined) {
    const results = plan.data.results.filter(exists)
    if (results.length === 0) delete plan.data.results
    else plan.data.results = results
  }
  if (plan.source.encounter !== undefined && !exists(plan.source.encounter)) delete plan.source.encounter
}

// The patients whose records this import takes: all when the bundle has one (or none), the chosen one of several.
function patientsToImport (index: BundleIndex, subject: string | undefined): Set<Indexed> | undefined {
  const patients = index.resources.filter(r => r.type === 'Patient' && !isTechoPlaceholder(r))
  const groups = linked(patients, index)
  if (subject === undefined) {
    if (groups.length <= 1) return undefined
    const names = groups.map(g => g.map(describePatient).join(' = ')).join('; ')
    throw new NotebookError('ERR_BAD_BUNDLE', `This bundle holds the records of ${groups.length} patients: ${names}. A notebook is one patient's: choose one with --subject <Patient id>.`, { path: 'entry' })
  }
  const group = groups.find(g => g.some(p => p.id === subject || p.fullUrl === subject || p.key === subject || `Patient/${p.id ?? ''}` === subject))
  if (group === undefined) {
    throw new NotebookError('ERR_BAD_BUNDLE', `This bundle holds no Patient ${JSON.stringify(subject)}; it holds ${patients.length === 0 ? 'none' : patients.map(describePatient).join(', ')}.`, { path: 'entry' })
  }
  return new Set(group)
}

// Patients that name each other in Patient.link are one person (one hospital's merged records, or our own export).
function linked (patients: Indexed[], index: BundleIndex): Indexed[][] {
  const parent = new Map(patients.map(p => [p, p]))
  const root = (p: Indexed): Indexed => { while (parent.get(p) !== p) p = parent.get(p) as Indexed; return p }
  for (const p of patients) {
    for (const link of Array.isArray(p.resource.link) ? p.resource.link : []) {
      const ref = (link as Json)?.other as Json | undefined
      const other = typeof ref?.reference === 'string' ? index.resolve(ref.reference, p) : undefined
      if (other !== undefined && parent.has(other)) parent.set(root(other), root(p))
    }
  }
  const groups = new Map<Indexed, Indexed[]>()
  for (const p of patients) groups.set(root(p), [...groups.get(root(p)) ?? [], p])
  return [...groups.values()]
}

function describePatient (p: Indexed): string {
  let name: string | undefined
  try {
    name = patientName(p.resource, p.path)
  } catch {
    name = undefined
  }
  const born = typeof p.resource.birthDate === 'string' ? `born ${p.resource.birthDate}` : undefined
  const about = [name, born].filter(x => x !== undefined).join(', ')
  return `Patient/${p.id ?? p.key}${about === '' ? '' : ` (${about})`}`
}

// The Patient a resource is about, when its subject or patient reference names one in the bundle.
function subjectOf (item: Indexed, index: BundleIndex): Indexed | undefined {
  if (item.type === 'Patient') return item
  const ref = (item.resource.subject ?? item.resource.patient) as Json | undefined
  const found = typeof ref?.reference === 'string' ? index.resolve(ref.reference, item) : undefined
  return found?.type === 'Patient' ? found : undefined
}

// The Patient a Techo export starts with: the exporting notebook's own placeholder, not a hospital's record.
function isTechoPlaceholder (item: Indexed): boolean {
  const ids = Array.isArray(item.resource.identifier) ? item.resource.identifier as Json[] : []
  return item.type === 'Patient' && ids.some(i => i?.system === TECHO_PARTY)
}

// Why the source withdrew a resource, if it did: entered in error, or (allergies, conditions) refuted.
function withdrawn (r: Json, p: string): string | undefined {
  if (r.status === 'entered-in-error') return 'entered in error'
  let verification: string | undefined
  try {
    verification = statusCode(r, 'verificationStatus', p)?.value
  } catch {
    verification = undefined
  }
  if (verification === 'entered-in-error') return 'entered in error'
  return verification === 'refuted' ? 'refuted' : undefined
}

// >0 when `a` is a later version than `b` by meta.versionId (when both are numbers) or meta.lastUpdated; 0 when they do not say.
function versionOrder (a: Json, b: Json | undefined): number {
  const ma = a.meta as Json | undefined
  const mb = b?.meta as Json | undefined
  const va = ma?.versionId
  const vb = mb?.versionId
  if (typeof va === 'string' && typeof vb === 'string' && /^\d+$/.test(va) && /^\d+$/.test(vb) && va !== vb) return Number(va) - Number(vb)
  const ta = typeof ma?.lastUpdated === 'string' ? Date.parse(ma.lastUpdated) : NaN
  const tb = typeof mb?.lastUpdated === 'string' ? Date.parse(mb.lastUpdated) : NaN
  return Number.isNaN(ta) || Number.isNaN(tb) ? 0 : ta - tb
}

function versionText (r: Json | undefined): string {
  const meta = r?.meta as Json | undefined
  const parts = [typeof meta?.versionId === 'string' ? `version ${meta.versionId}` : undefined, typeof meta?.lastUpdated === 'string' ? `updated ${meta.lastUpdated}` : undefined]
  return parts.filter(x => x !== undefined).join(', ') || 'no version'
}

function refusal (all: ImportIssue[]): NotebookError {
  const lines = all.map(i => `  ${i.path} (${i.resource}): ${i.message}`).join('\n')
  const first = all[0] as ImportIssue
  return new NotebookError('ERR_BAD_BUNDLE', `The bundle was refused (strict): ${all.length} ${all.length === 1 ? 'resource has a problem' : 'resources have problems'}, and nothing was imported:\n${lines}`, { path: first.path })
}

function count (counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}
