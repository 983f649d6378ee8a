// Validators for every entry type other than vital signs. Each takes loosely typed input (the typed
// API, the FHIR importer and `amend` all feed them), returns the stored form, and calls `fail` with
// the field and a plain sentence on the first thing that is wrong. Nothing is written before they pass.
import type { Fail } from './errors.js'
import { isBase58Of, isPartyId } from '@techo/identity'
import {
  validateCarePlan, validateEncounter, validateImaging, validateImmunization, validatePatient, validateProcedure, validateReport
} from './clinical-history.js'
import { UCUM_CODE, coded, concept, end, optional, text, time } from './fields.js'
import { validatePrescription } from './prescription.js'
import { checkTime, instantOf } from './time.js'
import {
  ALLERGY_CATEGORIES, ALLERGY_STATUSES, CONDITION_STATUSES, CONSENT_SCOPES, CONSENT_STATUSES, CRITICALITIES,
  MEDICATION_STATUSES,
  type AllergyData, type Component, type ConditionData, type ConsentData, type DocumentData, type EntryData,
  type EntryType, type MedicationData, type NoteData, type ObservationData
} from './types.js'
import { validateVital } from './vitals.js'

type Input = Record<string, unknown>
export type Validator = (input: Input, now: number, fail: Fail) => EntryData

/** FHIR's observation-category codes, the only categories a generic observation may carry. */
export const OBSERVATION_CATEGORIES = ['social-history', 'vital-signs', 'imaging', 'laboratory', 'procedure', 'survey', 'exam', 'therapy', 'activity'] as const
const ABATED_STATUSES: readonly string[] = ['inactive', 'remission', 'resolved']
// FHIR Attachment.size is an unsignedInt.
const MAX_SIZE = 2 ** 31 - 1
const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;.*)?$/i
const SHA256_HEX = /^[0-9a-f]{64}$/
const MAX_COMPONENTS = 50

/**
 * Returns a generic observation (labs, BMI, coded or text results, panels) if it is well formed: a
 * value (a number with an optional unit, text or a concept), components, both, or neither (an
 * observation recorded without a value).
 */
export function validateObservation (input: Input, now: number, fail: Fail): ObservationData {
  const out: ObservationData = {
    type: 'observation',
    at: time(input.at, 'at', 'Observation time', now, fail),
    code: concept(input.code, 'code', 'Observation code', fail)
  }
  Object.assign(out, observed(input, '', 'Observation', fail))
  if (input.components !== undefined) {
    const list = input.components
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_COMPONENTS) return fail('components', `Observation components must be a list of 1 to ${MAX_COMPONENTS}.`)
    out.components = list.map((c: unknown, i) => {
      const field = `components[${i}]`
      if (typeof c !== 'object' || c === null) return fail(field, 'An observation component must be an object with a code.')
      return { code: concept((c as Input).code, `${field}.code`, 'Component code', fail), ...observed(c as Input, `${field}.`, 'Component', fail) }
    })
  }
  const category = optional(input.category, 'category', 'Observation category', OBSERVATION_CATEGORIES, fail)
  if (category !== undefined) out.category = category
  return out
}

// The value of an observation or a component, with its unit: a UCUM code, or a unit's text from a system without one.
function observed (input: Input, prefix: string, label: string, fail: Fail): Omit<Component, 'code'> {
  const out: Omit<Component, 'code'> = {}
  const v = input.value
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return fail(`${prefix}value`, `${label} value ${v} is not a finite number.`)
    out.value = v
  } else if (typeof v === 'string') {
    out.value = text(v, `${prefix}value`, `${label} value`, 2000, fail)
  } else if (v !== undefined) {
    out.value = concept(v, `${prefix}value`, `${label} value`, fail)
  }
  if (input.unit !== undefined) {
    if (typeof input.unit !== 'string' || !UCUM_CODE.test(input.unit)) return fail(`${prefix}unit`, `Unit ${JSON.stringify(input.unit)} is not a UCUM code.`)
    out.unit = input.unit
  }
  if (input.unitText !== undefined) out.unitText = text(input.unitText, `${prefix}unitText`, 'Unit', 100, fail)
  if ((out.unit !== undefined || out.unitText !== undefined) && typeof out.value !== 'number') {
    return fail(`${prefix}unit`, `Only a numeric ${label.toLowerCase()} value can have a unit.`)
  }
  if (out.unit !== undefined && out.unitText !== undefined) return fail(`${prefix}unitText`, 'A value has a UCUM unit or a unit text, not both.')
  return out
}

/** Returns an allergy or intolerance entry if it is well formed (status defaults to active). */
export function validateAllergy (input: Input, now: number, fail: Fail): AllergyData {
  const out: AllergyData = {
    type: 'allergy',
    at: time(input.at, 'at', 'Allergy time', now, fail),
    code: concept(input.code, 'code', 'Allergy substance', fail),
    status: optional(input.status, 'status', 'Allergy status', ALLERGY_STATUSES, fail) ?? 'active'
  }
  const category = optional(input.category, 'category', 'Allergy category', ALLERGY_CATEGORIES, fail)
  if (category !== undefined) out.category = category
  const criticality = optional(input.criticality, 'criticality', 'Allergy criticality', CRITICALITIES, fail)
  if (criticality !== undefined) out.criticality = criticality
  if (input.reaction !== undefined) out.reaction = text(input.reaction, 'reaction', 'Reaction', 500, fail)
  return out
}

/** Returns a condition entry if it is well formed (status defaults to active; an abated one must not be active). */
export function validateCondition (input: Input, now: number, fail: Fail): ConditionData {
  const out: ConditionData = { type: 'condition', ...coded(input, now, fail, { at: 'Onset time', code: 'Condition', status: 'Condition status' }, CONDITION_STATUSES, 'active') }
  if (input.abated !== undefined) {
    out.abated = end(input.abated, 'abated', 'Abatement time', out.at, now, fail)
    // FHIR (con-4): an abated condition is no longer active.
    if (!ABATED_STATUSES.includes(out.status)) {
      return fail('status', `Condition status ${out.status} contradicts its abatement time ${out.abated}; use ${ABATED_STATUSES.join(', ')}.`)
    }
  }
  return out
}

/** Returns a medication entry if it is well formed (status defaults to active; `until` not before `at`). */
export function validateMedication (input: Input, now: number, fail: Fail): MedicationData {
  const at = time(input.at, 'at', 'Medication start', now, fail)
  const out: MedicationData = {
    type: 'medication',
    at,
    medication: concept(input.medication, 'medication', 'Medication', fail),
    status: optional(input.status, 'status', 'Medication status', MEDICATION_STATUSES, fail) ?? 'active'
  }
  if (input.dosage !== undefined) out.dosage = text(input.dosage, 'dosage', 'Dosage', 500, fail)
  if (input.until !== undefined) out.until = end(input.until, 'until', 'Medication end', at, now, fail)
  return out
}

/** Returns a clinical note entry if its text is present and not over 100,000 characters. */
export function validateNote (input: Input, now: number, fail: Fail): NoteData {
  const out: NoteData = {
    type: 'note',
    at: time(input.at, 'at', 'Note time', now, fail),
    text: text(input.text, 'text', 'Note text', 100_000, fail)
  }
  if (input.title !== undefined) out.title = text(input.title, 'title', 'Note title', 200, fail)
  return out
}

/** Returns a document entry (title, MIME type, SHA-256 hex, size in bytes) if it is well formed. */
export function validateDocument (input: Input, now: number, fail: Fail): DocumentData {
  const contentType = text(input.contentType, 'contentType', 'Content type', 200, fail)
  if (!MIME.test(contentType)) return fail('contentType', `Content type ${JSON.stringify(contentType)} is not a MIME type such as application/pdf.`)
  const sha256 = typeof input.sha256 === 'string' ? input.sha256.toLowerCase() : input.sha256
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    return fail('sha256', `Document hash ${JSON.stringify(input.sha256)} is not a SHA-256 digest in hex (64 characters).`)
  }
  const size = input.size
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_SIZE) {
    return fail('size', `Document size ${JSON.stringify(size)} is not a whole number of bytes up to ${MAX_SIZE}.`)
  }
  return {
    type: 'document',
    at: time(input.at, 'at', 'Document time', now, fail),
    title: text(input.title, 'title', 'Document title', 200, fail),
    contentType,
    sha256,
    size
  }
}

/** Returns a consent mirror entry if the clinic, scope, expiry, status and transaction hash are well formed. */
export function validateConsent (input: Input, now: number, fail: Fail): ConsentData {
  if (!isPartyId(input.clinic)) return fail('clinic', `Clinic ${JSON.stringify(input.clinic)} is not a party id (a base58 Ed25519 public key).`)
  const scope = optional(input.scope, 'scope', 'Consent scope', CONSENT_SCOPES, fail)
  if (scope === undefined) return fail('scope', `Consent scope is missing; use one of ${CONSENT_SCOPES.join(', ')}.`)
  const status = optional(input.status, 'status', 'Consent status', CONSENT_STATUSES, fail)
  if (status === undefined) return fail('status', `Consent status is missing; use one of ${CONSENT_STATUSES.join(', ')}.`)
  if (!isBase58Of(input.tx, 32)) return fail('tx', `Transaction hash ${JSON.stringify(input.tx)} is not a base58 32-byte hash.`)
  // To the millisecond: a grant and its revoke often fall in one second, and the notebook orders entries by time.
  const at = checkTime(input.at ?? new Date(now).toISOString(), 'at', { label: 'Consent time', precise: true, now }, fail)
  const expires = checkTime(input.expires, 'expires', { label: 'Consent expiry', precise: true, now, future: true }, fail)
  if (instantOf(expires) <= instantOf(at)) return fail('expires', `Consent expiry ${expires} is not after the consent time ${at}.`)
  return { type: 'consent', at, clinic: input.clinic, scope, expires, status, tx: input.tx }
}

/** The validator for each entry type. */
export const VALIDATORS: Readonly<Record<EntryType, Validator>> = {
  // A stored reading may have only a date when it was imported with one (the typed API asks for a time).
  vital: (input, now, fail) => validateVital(input, now, fail, false),
  observation: validateObservation,
  allergy: validateAllergy,
  condition: validateCondition,
  medication: validateMedication,
  prescription: validatePrescription,
  immunization: validateImmunization,
  procedure: validateProcedure,
  report: validateReport,
  encounter: validateEncounter,
  careplan: validateCarePlan,
  imaging: validateImaging,
  patient: validatePatient,
  note: validateNote,
  document: validateDocument,
  consent: validateConsent
}

