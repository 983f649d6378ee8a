// The notebook's schema: what an entry holds, what each add* call takes, and how the Automerge
// document is laid out. Field names follow FHIR R4 where they exist, kept flat and short because
// every entry is stored, sent and loaded as its JSON text.
import type { ImmutableString } from '@automerge/automerge'

/**
 * The schema version written into new notebooks, and the only one this code reads. Version 3 buckets
 * entries by device, year, month and day (see NotebookDoc); the pre-release versions before it are
 * 2 (one JSON string per entry in per-device month buckets) and 1 (a map per entry).
 */
export const SCHEMA_VERSION = 3

export const VITAL_KINDS = ['bp', 'temp', 'pulse', 'weight', 'spo2', 'glucose', 'steps'] as const
export type VitalKind = typeof VITAL_KINDS[number]
export type ScalarVitalKind = Exclude<VitalKind, 'bp'>

export const ALLERGY_STATUSES = ['active', 'inactive', 'resolved'] as const
export const ALLERGY_CATEGORIES = ['food', 'medication', 'environment', 'biologic'] as const
export const CRITICALITIES = ['low', 'high', 'unable-to-assess'] as const
export const CONDITION_STATUSES = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] as const
export const MEDICATION_STATUSES = ['active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken'] as const
export const CONSENT_SCOPES = ['read', 'write'] as const
export const CONSENT_STATUSES = ['active', 'revoked'] as const
export type AllergyStatus = typeof ALLERGY_STATUSES[number]
export type AllergyCategory = typeof ALLERGY_CATEGORIES[number]
export type Criticality = typeof CRITICALITIES[number]
export type ConditionStatus = typeof CONDITION_STATUSES[number]
export type MedicationStatus = typeof MEDICATION_STATUSES[number]
export type ConsentScope = typeof CONSENT_SCOPES[number]
export type ConsentStatus = typeof CONSENT_STATUSES[number]

/** A FHIR CodeableConcept reduced to its text and at most one coding (system + code). */
export interface Concept { text: string, system?: string, code?: string }

/** Who wrote an entry: the device's Automerge actor id and the party (patient or clinic) it belongs to. */
export interface Author { device: string, party: string }

// ---- inputs: what the typed API accepts (`at` defaults to now) ----

export type VitalInput =
  | { kind: 'bp', systolic: number, diastolic: number, unit?: string, at?: string }
  | { kind: ScalarVitalKind, value: number, unit?: string, at?: string }
export interface AllergyInput { code: string | Concept, status?: AllergyStatus, category?: AllergyCategory, criticality?: Criticality, reaction?: string, at?: string }
export interface ConditionInput { code: string | Concept, status?: ConditionStatus, abated?: string, at?: string }
export interface MedicationInput { medication: string | Concept, status?: MedicationStatus, dosage?: string, until?: string, at?: string }
export interface NoteInput { text: string, title?: string, at?: string }
/** An attachment described by its hash: the bytes themselves never enter the notebook. */
export interface DocumentInput { title: string, contentType: string, sha256: string, size: number, at?: string }
/** A mirror of one on-chain consent event (grant or revoke), identified by its transaction hash. */
export interface ConsentInput { clinic: string, scope: ConsentScope, expires: string, status: ConsentStatus, tx: string, at?: string }
/** Any other observation (labs, BMI, height, coded results), as imported from FHIR. */
export interface ObservationInput { code: Concept, value: number | Concept, unit?: string, category?: string, at?: string }

// ---- stored data: an entry's content, one type per FHIR resource it projects to ----

export type VitalData = { type: 'vital', at: string } & (
  | { kind: 'bp', systolic: number, diastolic: number }
  | { kind: ScalarVitalKind, value: number })
export interface ObservationData { type: 'observation', at: string, code: Concept, value: number | Concept, unit?: string, category?: string }
export interface AllergyData { type: 'allergy', at: string, code: Concept, status: AllergyStatus, category?: AllergyCategory, criticality?: Criticality, reaction?: string }
export interface ConditionData { type: 'condition', at: string, code: Concept, status: ConditionStatus, abated?: string }
export interface MedicationData { type: 'medication', at: string, medication: Concept, status: MedicationStatus, dosage?: string, until?: string }
export interface NoteData { type: 'note', at: string, text: string, title?: string }
export interface DocumentData { type: 'document', at: string, title: string, contentType: string, sha256: string, size: number }
export interface ConsentData { type: 'consent', at: string, clinic: string, scope: ConsentScope, expires: string, status: ConsentStatus, tx: string }

export type EntryData = VitalData | ObservationData | AllergyData | ConditionData | MedicationData | NoteData | DocumentData | ConsentData
export type EntryType = EntryData['type']

/** What every entry carries besides its content; `recorded`/`amended` are UTC instants. */
export interface EntryMeta { id: string, recorded: string, author: Author, amended?: string }

export type Entry = EntryData & EntryMeta
export type VitalEntry = VitalData & EntryMeta
export type ObservationEntry = ObservationData & EntryMeta
export type AllergyEntry = AllergyData & EntryMeta
export type ConditionEntry = ConditionData & EntryMeta
export type MedicationEntry = MedicationData & EntryMeta
export type NoteEntry = NoteData & EntryMeta
export type DocumentEntry = DocumentData & EntryMeta
export type ConsentEntry = ConsentData & EntryMeta

/** Fields `amend` may change; which apply depends on the entry's type (checked at run time). */
export type EntryPatch =
  | Partial<{ systolic: number, diastolic: number, value: number, unit: string, at: string }>
  | Partial<ObservationInput>
  | Partial<AllergyInput> | Partial<ConditionInput> | Partial<MedicationInput>
  | Partial<NoteInput> | Partial<DocumentInput> | Partial<ConsentInput>

/** Filters for `query`; `since` is inclusive, `until` exclusive (FHIR dates; a bare date means 00:00 UTC). */
export interface Query { type?: EntryType, kind?: VitalKind, since?: string, until?: string }

// ---- the Automerge document ----

export interface NotebookMeta { schema: number, patient: string, notebook: string, salt: string }

/** A value as Automerge holds it: strings are ImmutableStrings (plain strings would become per-character text). */
export type Stored<T> = T extends string ? ImmutableString
  : T extends number | boolean | undefined ? T
    : { [K in keyof T]: Stored<T[K]> }

/** An entry without its id: the id is the key it is stored under. */
export type EntryBody = EntryData & Omit<EntryMeta, 'id'>

/** One day of one device's entries: each entry's stored JSON string by its id. */
export type DayBucket = Record<string, ImmutableString>

/**
 * The document: `entries[<actor>][<YYYY>][<MM>][<DD>][<id>]`, by the writing device and the UTC year,
 * month and day of the entry's time, holds each entry as one immutable string, the canonical JSON of
 * its body (see entry-json.ts). Every map below `entries` is created by the device it is named under
 * only, so two devices never create the same map concurrently (Automerge would keep one and hide the
 * other, with everything in it). Automerge copies every map along a change's path, so none of them may
 * grow with the notebook: one key per writing device, then its years, 12 months, 31 days, one day's entries.
 */
export interface NotebookDoc {
  meta: Stored<NotebookMeta>
  entries: Record<string, Record<string, Record<string, Record<string, DayBucket>>>>
}
