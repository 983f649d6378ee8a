// Validators for every entry type other than vital signs. Each takes loosely typed input (the typed
// API, the FHIR importer and `amend` all feed them), returns the stored form, and calls `fail` with
// the field and a plain sentence on the first thing that is wrong. Nothing is written before they pass.
import type { Fail } from './errors.js'
import { isBase58Of, isPartyId } from '@techo/identity'
import { checkTime, instantOf, isoSeconds } from './time.js'
import {
  ALLERGY_CATEGORIES, ALLERGY_STATUSES, CONDITION_STATUSES, CONSENT_SCOPES, CONSENT_STATUSES, CRITICALITIES,
  MEDICATION_STATUSES,
  type AllergyData, type Concept, type ConditionData, type ConsentData, type DocumentData, type EntryData,
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
const URI = /^[a-z][a-z0-9+.-]*:\S+$/i
const CODE = /^\S+( \S+)*$/
const UCUM = /^[!-~]{1,40}$/
const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;.*)?$/i
const SHA256_HEX = /^[0-9a-f]{64}$/
// A lone UTF-16 surrogate has no UTF-8 form (it would be stored as U+FFFD), and canonical JSON refuses it.
const LONE_SURROGATE = /\p{Surrogate}/u

/** Returns a generic observation (labs, BMI, coded results) if it is well formed. */
export function validateObservation (input: Input, now: number, fail: Fail): ObservationData {
  const code = concept(input.code, 'code', 'Observation code', fail)
  const at = time(input.at, 'at', 'Observation time', now, fail)
  let out: ObservationData
  if (typeof input.value === 'number') {
    if (!Number.isFinite(input.value)) return fail('value', `Observation value ${input.value} is not a finite number.`)
    out = { type: 'observation', at, code, value: input.value }
    if (input.unit !== undefined) {
      if (typeof input.unit !== 'string' || !UCUM.test(input.unit)) return fail('unit', `Unit ${JSON.stringify(input.unit)} is not a UCUM code.`)
      out.unit = input.unit
    }
  } else {
    if (input.unit !== undefined) return fail('unit', 'A coded observation value cannot have a unit.')
    out = { type: 'observation', at, code, value: concept(input.value, 'value', 'Observation value', fail) }
  }
  const category = optional(input.category, 'category', 'Observation category', OBSERVATION_CATEGORIES, fail)
  if (category !== undefined) out.category = category
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
  const at = time(input.at, 'at', 'Onset time', now, fail)
  const out: ConditionData = {
    type: 'condition',
    at,
    code: concept(input.code, 'code', 'Condition', fail),
    status: optional(input.status, 'status', 'Condition status', CONDITION_STATUSES, fail) ?? 'active'
  }
  if (input.abated !== undefined) {
    out.abated = end(input.abated, 'abated', 'Abatement time', at, now, fail)
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
  const at = checkTime(input.at ?? isoSeconds(new Date(now)), 'at', { label: 'Consent time', precise: true, now }, fail)
  const expires = checkTime(input.expires, 'expires', { label: 'Consent expiry', precise: true, now, future: true }, fail)
  if (instantOf(expires) <= instantOf(at)) return fail('expires', `Consent expiry ${expires} is not after the consent time ${at}.`)
  return { type: 'consent', at, clinic: input.clinic, scope, expires, status, tx: input.tx }
}

/** The validator for each entry type. */
export const VALIDATORS: Readonly<Record<EntryType, Validator>> = {
  vital: validateVital,
  observation: validateObservation,
  allergy: validateAllergy,
  condition: validateCondition,
  medication: validateMedication,
  note: validateNote,
  document: validateDocument,
  consent: validateConsent
}

// A concept is given as plain text or as { text, system?, code? }; a code needs its system.
function concept (value: unknown, field: string, label: string, fail: Fail): Concept {
  if (typeof value === 'string') return { text: text(value, field, label, 500, fail) }
  if (typeof value !== 'object' || value === null) return fail(field, `${label} is missing; give its name as text.`)
  const v = value as Input
  const out: Concept = { text: text(v.text, `${field}.text`, label, 500, fail) }
  if (v.system === undefined && v.code === undefined) return out
  if (typeof v.system !== 'string' || !URI.test(v.system) || v.system.length > 200 || LONE_SURROGATE.test(v.system)) {
    return fail(`${field}.system`, `${label} code system ${JSON.stringify(v.system)} is not an absolute URI.`)
  }
  if (typeof v.code !== 'string' || !CODE.test(v.code) || v.code.length > 100 || LONE_SURROGATE.test(v.code)) {
    return fail(`${field}.code`, `${label} code ${JSON.stringify(v.code)} is not a FHIR code.`)
  }
  out.system = v.system
  out.code = v.code
  return out
}

function text (value: unknown, field: string, label: string, max: number, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, `${label} is missing or empty.`)
  const trimmed = value.trim()
  if (trimmed.length > max) return fail(field, `${label} is ${trimmed.length} characters long; the limit is ${max}.`)
  if (LONE_SURROGATE.test(trimmed)) return fail(field, `${label} contains a broken character (a lone UTF-16 surrogate); remove it and try again.`)
  return trimmed
}

function optional<T extends string> (value: unknown, field: string, label: string, allowed: readonly T[], fail: Fail): T | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return fail(field, `${label} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}.`)
  }
  return value as T
}

// Clinical times may be partial dates ("onset 1995"); only readings need a full date-time.
function time (value: unknown, field: string, label: string, now: number, fail: Fail): string {
  return checkTime(value ?? isoSeconds(new Date(now)), field, { label, precise: false, now }, fail)
}

function end (value: unknown, field: string, label: string, start: string, now: number, fail: Fail): string {
  const t = time(value, field, label, now, fail)
  if (instantOf(t) < instantOf(start)) return fail(field, `${label} ${t} is before the start ${start}.`)
  return t
}
