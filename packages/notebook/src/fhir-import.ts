// Import: a FHIR R4 Bundle (Synthea-style transaction bundles, our own exports, ...) mapped onto
// notebook entries. Every entry is read and validated first; the first malformed field throws
// ERR_BAD_BUNDLE naming its JSON path and nothing is written. Otherwise all new entries land in one
// change. Entry ids derive from the source resource ids, so importing a bundle again adds nothing.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { base64, base64urlnopad } from '@scure/base'
import createDebug from 'debug'
import { validateAllergy, validateCondition, validateDocument, validateMedication, validateNote, validateObservation, OBSERVATION_CATEGORIES } from './entries.js'
import type { Fail } from './errors.js'
import { arr, bundleError, child, num, obj, optObj, optObjs, optText, text, type Json } from './fhir-read.js'
import { LOINC, OBSERVATION_CATEGORY, TECHO_NOTEBOOK, UCUM } from './fhir-systems.js'
import { ENTRY_ID, derivedEntryId } from './ids.js'
import { addValidated, type Notebook } from './notebook.js'
import type { Concept, EntryData, MedicationStatus } from './types.js'
import { VITALS, validateVital, vitalKindOf } from './vitals.js'

const log = createDebug('techo:notebook:import')

/** What an import did: entries added by kind (vital signs) or type, entries already present, resources skipped by type. */
export interface ImportReport { added: Record<string, number>, existing: number, skipped: Record<string, number> }

const BUNDLE_TYPES = ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection']
const NI_SHA256 = /^ni:\/\/\/sha-256;([A-Za-z0-9_-]{43})$/
// MedicationRequest statuses as the statement a patient would make about the same medicine.
const STATEMENT_STATUS: Readonly<Record<string, MedicationStatus>> = {
  active: 'active', 'on-hold': 'on-hold', cancelled: 'stopped', completed: 'completed', stopped: 'stopped', draft: 'intended', unknown: 'unknown'
}

type Mapper = (r: Json, p: string, now: number) => EntryData | undefined
type Timed = { value: string, path: string }

const MAPPERS = new Map<string, Mapper>([
  ['Observation', observation],
  ['AllergyIntolerance', allergy],
  ['Condition', condition],
  ['MedicationRequest', medicationRequest],
  ['MedicationStatement', medicationStatement],
  ['DocumentReference', documentReference]
])
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/

/** Imports a FHIR R4 Bundle whole, in one change, or throws ERR_BAD_BUNDLE naming the bad field's path and writes nothing. */
export function importFhirBundle (nb: Notebook, input: unknown): ImportReport {
  const bundle = obj(input, '(root)')
  if (bundle.resourceType !== 'Bundle') {
    throw bundleError('resourceType', `expected "Bundle" but found ${JSON.stringify(bundle.resourceType) ?? 'nothing'}; this is not a FHIR Bundle.`)
  }
  const type = text(bundle.type, 'type')
  if (!BUNDLE_TYPES.includes(type)) throw bundleError('type', `${JSON.stringify(type)} is not a FHIR Bundle type.`)
  const identifier = optObj(bundle, 'identifier', '')
  const ours = identifier !== undefined && optText(identifier, 'system', 'identifier') === TECHO_NOTEBOOK
  const entries = bundle.entry === undefined ? [] : arr(bundle.entry, 'entry')
  const now = nb.now().getTime()
  const report: ImportReport = { added: {}, existing: 0, skipped: {} }
  const planned = new Map<string, EntryData>()
  entries.forEach((raw, i) => {
    const ep = child('entry', i)
    const entry = obj(raw, ep)
    const rp = child(ep, 'resource')
    const resource = obj(entry.resource, rp)
    const resourceType = text(resource.resourceType, child(rp, 'resourceType'))
    if (!RESOURCE_TYPE.test(resourceType)) throw bundleError(child(rp, 'resourceType'), `${JSON.stringify(resourceType)} is not a FHIR resource type.`)
    const data = MAPPERS.get(resourceType)?.(resource, rp, now)
    if (data === undefined) {
      report.skipped[resourceType] = (report.skipped[resourceType] ?? 0) + 1
      return
    }
    const resourceId = optText(resource, 'id', rp)
    const id = ours && resourceId !== undefined && ENTRY_ID.test(resourceId)
      ? resourceId
      : derivedEntryId('import', `${resourceType}/${resourceId ?? optText(entry, 'fullUrl', ep) ?? JSON.stringify(resource)}`)
    if (planned.has(id) || nb.get(id) !== undefined) {
      report.existing++
      return
    }
    planned.set(id, data)
    const key = data.type === 'vital' ? data.kind : data.type
    report.added[key] = (report.added[key] ?? 0) + 1
  })
  nb.batch(() => { for (const [id, data] of planned) addValidated(nb, data, id) })
  log('imported %d entries (%d already present)', planned.size, report.existing)
  return report
}

function observation (r: Json, p: string, now: number): EntryData | undefined {
  const status = optText(r, 'status', p)
  if (status === 'entered-in-error' || status === 'cancelled') return skip(p, `its status is ${status}`)
  const cp = child(p, 'code')
  const codeObj = obj(r.code, cp)
  const code = concept(codeObj, cp)
  const loinc = codings(codeObj, cp).filter(c => c.system === LOINC).map(c => c.code as string)
  const time = firstTime(r, p, [['effectiveDateTime'], ['effectiveInstant'], ['effectivePeriod', 'start'], ['issued']])
  if (time === undefined) return skip(p, 'it has no time')
  const paths: Record<string, string> = { at: time.path, code: cp }
  const components = optObjs(r, 'component', p)
  if (loinc.includes(VITALS.bp.code) && components.length > 0) return bloodPressure(components, child(p, 'component'), time, now, p)
  const category = observationCategory(r, p)
  if (r.valueQuantity !== undefined) {
    const qp = child(p, 'valueQuantity')
    const q = obj(r.valueQuantity, qp)
    const value = num(q.value, child(qp, 'value'))
    const unit = ucumCode(q, qp)
    if (unit === null) return skip(p, 'its unit is not a UCUM code')
    paths.value = child(qp, 'value')
    paths.unit = child(qp, 'code')
    const kind = unit === undefined ? undefined : loinc.map(c => vitalKindOf(c, unit)).find(k => k !== undefined)
    if (kind !== undefined) return validateVital({ kind, value, at: time.value }, now, failAt(paths, p))
    return validateObservation({ code, value, unit, category, at: time.value }, now, failAt(paths, p))
  }
  if (r.valueCodeableConcept !== undefined) {
    const vp = child(p, 'valueCodeableConcept')
    paths.value = vp
    return validateObservation({ code, value: concept(obj(r.valueCodeableConcept, vp), vp), category, at: time.value }, now, failAt(paths, p))
  }
  return skip(p, 'it has no numeric or coded value')
}

// One panel, two components: systolic 8480-6 and diastolic 8462-4, both in mm[Hg].
function bloodPressure (components: Json[], cp: string, time: Timed, now: number, p: string): EntryData {
  const input: Json = { kind: 'bp', at: time.value }
  const paths: Record<string, string> = { at: time.path }
  for (const m of VITALS.bp.measures) {
    const code = m.component?.code
    const i = components.findIndex((c, j) => codings(obj(c.code, child(child(cp, j), 'code')), child(child(cp, j), 'code')).some(x => x.system === LOINC && x.code === code))
    if (i < 0) throw bundleError(cp, `the blood pressure panel has no ${m.label.toLowerCase()} (${code ?? ''}) component.`)
    const qp = child(child(cp, i), 'valueQuantity')
    const q = obj((components[i] as Json).valueQuantity, qp)
    input[m.field] = num(q.value, child(qp, 'value'))
    paths[m.field] = child(qp, 'value')
    const unit = ucumCode(q, qp)
    if (unit !== VITALS.bp.unit) {
      input.unit = unit ?? q.unit ?? 'none'
      paths.unit = child(qp, 'code')
    }
  }
  return validateVital(input, now, failAt(paths, p))
}

function allergy (r: Json, p: string, now: number): EntryData | undefined {
  if (refuted(r, p)) return skip(p, 'it was refuted or entered in error')
  if (r.code === undefined) return skip(p, 'it names no substance')
  const reactions = optObjs(r, 'reaction', p).flatMap((x, i) => {
    const rp = child(child(p, 'reaction'), i)
    return optObjs(x, 'manifestation', rp).map((m, j) => concept(m, child(child(rp, 'manifestation'), j)).text)
  })
  const category = r.category === undefined ? undefined : arr(r.category, child(p, 'category'))[0]
  const status = statusCode(r, 'clinicalStatus', p)
  const time = firstTime(r, p, [['onsetDateTime'], ['recordedDate']])
  const input = {
    code: concept(obj(r.code, child(p, 'code')), child(p, 'code')),
    status: status?.value,
    category,
    criticality: r.criticality,
    reaction: reactions.length === 0 ? undefined : [...new Set(reactions)].join(', '),
    at: time?.value
  }
  const paths = {
    code: child(p, 'code'),
    status: status?.path,
    category: child(child(p, 'category'), 0),
    criticality: child(p, 'criticality'),
    reaction: child(p, 'reaction'),
    at: time?.path
  }
  return validateAllergy(input, now, failAt(paths, p))
}

function condition (r: Json, p: string, now: number): EntryData | undefined {
  if (refuted(r, p)) return skip(p, 'it was refuted or entered in error')
  if (r.code === undefined) return skip(p, 'it names no condition')
  const status = statusCode(r, 'clinicalStatus', p)
  const time = firstTime(r, p, [['onsetDateTime'], ['onsetPeriod', 'start'], ['recordedDate']])
  const abated = firstTime(r, p, [['abatementDateTime'], ['abatementPeriod', 'end']])
  const input = {
    code: concept(obj(r.code, child(p, 'code')), child(p, 'code')),
    status: status?.value ?? (abated === undefined ? 'active' : 'resolved'),
    abated: abated?.value,
    at: time?.value
  }
  return validateCondition(input, now, failAt({ code: child(p, 'code'), status: status?.path, abated: abated?.path, at: time?.path }, p))
}

function medicationRequest (r: Json, p: string, now: number): EntryData | undefined {
  const status = optText(r, 'status', p)
  if (status === 'entered-in-error') return skip(p, 'it was entered in error')
  if (r.medicationCodeableConcept === undefined) return skip(p, 'it names its medication only by reference')
  const mp = child(p, 'medicationCodeableConcept')
  const time = firstTime(r, p, [['authoredOn']])
  const input = {
    medication: concept(obj(r.medicationCodeableConcept, mp), mp),
    status: status !== undefined && Object.hasOwn(STATEMENT_STATUS, status) ? STATEMENT_STATUS[status] : status,
    dosage: dosageText(r, 'dosageInstruction', p),
    at: time?.value
  }
  return validateMedication(input, now, failAt({ medication: mp, status: child(p, 'status'), dosage: child(p, 'dosageInstruction'), at: time?.path }, p))
}

function medicationStatement (r: Json, p: string, now: number): EntryData | undefined {
  const status = optText(r, 'status', p)
  if (status === 'entered-in-error') return skip(p, 'it was entered in error')
  if (r.medicationCodeableConcept === undefined) return skip(p, 'it names its medication only by reference')
  const mp = child(p, 'medicationCodeableConcept')
  const time = firstTime(r, p, [['effectiveDateTime'], ['effectivePeriod', 'start'], ['dateAsserted']])
  const until = firstTime(r, p, [['effectivePeriod', 'end']])
  const input = {
    medication: concept(obj(r.medicationCodeableConcept, mp), mp),
    status,
    dosage: dosageText(r, 'dosage', p),
    until: until?.value,
    at: time?.value
  }
  return validateMedication(input, now, failAt({ medication: mp, status: child(p, 'status'), dosage: child(p, 'dosage'), until: until?.path, at: time?.path }, p))
}

// Text attachments become notes; other attachments become documents known by hash and size only.
function documentReference (r: Json, p: string, now: number): EntryData | undefined {
  if (optText(r, 'status', p) === 'entered-in-error') return skip(p, 'it was entered in error')
  const content = optObjs(r, 'content', p)
  if (content.length === 0) return skip(p, 'it has no content')
  const ap = child(child(child(p, 'content'), 0), 'attachment')
  const a = obj((content[0] as Json).attachment, ap)
  const time = firstTime(r, p, [['context', 'period', 'start'], ['date']])
  const typeText = r.type === undefined ? undefined : concept(obj(r.type, child(p, 'type')), child(p, 'type')).text
  const title = optText(a, 'title', ap) ?? optText(r, 'description', p) ?? typeText
  const contentType = optText(a, 'contentType', ap)
  const paths = { at: time?.path, title: child(ap, 'title'), contentType: child(ap, 'contentType'), text: child(ap, 'data'), size: child(ap, 'size'), sha256: child(ap, 'url') }
  if (a.data !== undefined) {
    const bytes = decodeBase64(text(a.data, child(ap, 'data')), child(ap, 'data'))
    if (contentType?.toLowerCase().startsWith('text/plain') === true) {
      return validateNote({ text: decodeUtf8(bytes, child(ap, 'data')), title, at: time?.value }, now, failAt(paths, p))
    }
    return validateDocument({ title: title ?? 'Document', contentType, sha256: bytesToHex(sha256(bytes)), size: bytes.length, at: time?.value }, now, failAt(paths, p))
  }
  const hash = NI_SHA256.exec(optText(a, 'url', ap) ?? '')?.[1]
  if (hash === undefined) return skip(p, 'it has neither inline data nor a SHA-256 content name')
  return validateDocument({ title: title ?? 'Document', contentType, sha256: bytesToHex(base64urlnopad.decode(hash)), size: a.size, at: time?.value }, now, failAt(paths, p))
}

// ---- shared readers ----

type Coding = { system?: string, code?: string, display?: string }

function codings (cc: Json, path: string): Coding[] {
  return optObjs(cc, 'coding', path).map((c, i) => {
    const cp = child(child(path, 'coding'), i)
    return { system: optText(c, 'system', cp), code: optText(c, 'code', cp), display: optText(c, 'display', cp) }
  })
}

// A CodeableConcept as text plus its first complete coding.
function concept (cc: Json, path: string): Concept {
  const cs = codings(cc, path)
  const first = cs.find(c => c.system !== undefined && c.code !== undefined)
  const t = optText(cc, 'text', path) ?? first?.display ?? cs.find(c => c.display !== undefined)?.display ?? first?.code
  if (t === undefined) throw bundleError(path, 'has neither text nor a coding with a display or code.')
  return first === undefined ? { text: t } : { text: t, system: first.system as string, code: first.code as string }
}

// The first coding's code of a status CodeableConcept (clinicalStatus, verificationStatus).
function statusCode (r: Json, key: string, p: string): Timed | undefined {
  const cc = optObj(r, key, p)
  if (cc === undefined) return undefined
  const code = codings(cc, child(p, key))[0]?.code
  return code === undefined ? undefined : { value: code, path: child(child(child(child(p, key), 'coding'), 0), 'code') }
}

function refuted (r: Json, p: string): boolean {
  const v = statusCode(r, 'verificationStatus', p)?.value
  return v === 'entered-in-error' || v === 'refuted'
}

// The first of several (possibly nested) time fields that is present, with its path.
function firstTime (r: Json, p: string, candidates: string[][]): Timed | undefined {
  for (const keys of candidates) {
    let o: Json | undefined = r
    let path = p
    for (const key of keys.slice(0, -1)) {
      o = optObj(o, key, path)
      path = child(path, key)
      if (o === undefined) break
    }
    const last = keys[keys.length - 1] as string
    if (o?.[last] !== undefined) return { value: text(o[last], child(path, last)), path: child(path, last) }
  }
  return undefined
}

function observationCategory (r: Json, p: string): string | undefined {
  const codes = optObjs(r, 'category', p).flatMap((c, i) => codings(c, child(child(p, 'category'), i)))
  return codes.find(c => c.system === OBSERVATION_CATEGORY && (OBSERVATION_CATEGORIES as readonly string[]).includes(c.code ?? ''))?.code
}

// The UCUM code of a quantity; undefined when it has no unit at all, null when its unit is not UCUM.
function ucumCode (q: Json, qp: string): string | undefined | null {
  const system = optText(q, 'system', qp)
  const code = optText(q, 'code', qp)
  if (system === UCUM && code !== undefined) return code
  return system === undefined && code === undefined && optText(q, 'unit', qp) === undefined ? undefined : null
}

function dosageText (r: Json, key: string, p: string): string | undefined {
  const first = optObjs(r, key, p)[0]
  return first === undefined ? undefined : optText(first, 'text', child(child(p, key), 0))
}

function decodeBase64 (data: string, path: string): Uint8Array {
  try {
    return base64.decode(data)
  } catch {
    throw bundleError(path, 'is not valid base64.')
  }
}

function decodeUtf8 (bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw bundleError(path, 'is not UTF-8 text.')
  }
}

// Validator failures point at the JSON path the field came from ("code.text" falls back to "code").
function failAt (paths: Record<string, string | undefined>, base: string): Fail {
  return (field, message) => { throw bundleError(paths[field] ?? paths[field.split('.')[0] as string] ?? base, message) }
}

function skip (path: string, reason: string): undefined {
  log('skipping %s: %s', path, reason)
  return undefined
}
