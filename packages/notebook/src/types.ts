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
export const PRESCRIPTION_STATUSES = ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'] as const
export const PRESCRIPTION_INTENTS = ['proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'] as const
/** FHIR Timing.repeat.periodUnit: second, minute, hour, day, week, month, year. */
export const PERIOD_UNITS = ['s', 'min', 'h', 'd', 'wk', 'mo', 'a'] as const
export const IMMUNIZATION_STATUSES = ['completed', 'entered-in-error', 'not-done'] as const
export const PROCEDURE_STATUSES = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'] as const
export const REPORT_STATUSES = ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled', 'entered-in-error', 'unknown'] as const
export const ENCOUNTER_STATUSES = ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown'] as const
export const CAREPLAN_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const
export const IMAGING_STATUSES = ['registered', 'available', 'cancelled', 'entered-in-error', 'unknown'] as const
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const
export const CONSENT_SCOPES = ['read', 'write'] as const
export const CONSENT_STATUSES = ['active', 'revoked'] as const
export type AllergyStatus = typeof ALLERGY_STATUSES[number]
export type AllergyCategory = typeof ALLERGY_CATEGORIES[number]
export type Criticality = typeof CRITICALITIES[number]
export type ConditionStatus = typeof CONDITION_STATUSES[number]
export type MedicationStatus = typeof MEDICATION_STATUSES[number]
export type PrescriptionStatus = typeof PRESCRIPTION_STATUSES[number]
export type PrescriptionIntent = typeof PRESCRIPTION_INTENTS[number]
export type PeriodUnit = typeof PERIOD_UNITS[number]
export type ImmunizationStatus = typeof IMMUNIZATION_STATUSES[number]
export type ProcedureStatus = typeof PROCEDURE_STATUSES[number]
export type ReportStatus = typeof REPORT_STATUSES[number]
export type EncounterStatus = typeof ENCOUNTER_STATUSES[number]
export type CarePlanStatus = typeof CAREPLAN_STATUSES[number]
export type ImagingStatus = typeof IMAGING_STATUSES[number]
export type Gender = typeof GENDERS[number]
export type ConsentScope = typeof CONSENT_SCOPES[number]
export type ConsentStatus = typeof CONSENT_STATUSES[number]

/** A FHIR CodeableConcept reduced to its text and at most one coding (system + code). */
export interface Concept { text: string, system?: string, code?: string }

/** An amount: a value and its unit (a UCUM code such as `mg`, or, from other systems, the unit's text). */
export interface Quantity { value: number, unit?: string }

/**
 * One line of how a medicine is taken: the dose, the route, how often (`frequency` times per `period`
 * `periodUnit`, e.g. 2 per 1 d), whether only as needed, and the instructions as written.
 */
export interface Dosage { text?: string, dose?: Quantity, route?: Concept, frequency?: number, period?: number, periodUnit?: PeriodUnit, asNeeded?: boolean }

/** One part of a panel observation (a pain score's items, a blood pressure that failed its checks). */
export interface Component { code: Concept, value?: number | string | Concept, unit?: string, unitText?: string }

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
/** Any other observation (labs, BMI, height, coded or text results, panels), as imported from FHIR. */
export interface ObservationInput { code: Concept, value?: number | string | Concept, unit?: string, unitText?: string, components?: Component[], category?: string, at?: string }
/**
 * A prescription (FHIR MedicationRequest), written at a clinic or imported: the drug (an RxNorm code
 * where known), how to take it, how much to dispense and how often, who prescribed it and when it is valid.
 * `prescriber` is a name or the prescribing party's id.
 */
export interface PrescriptionInput {
  medication: string | Concept
  status?: PrescriptionStatus
  intent?: PrescriptionIntent
  dosage?: Dosage[]
  quantity?: Quantity
  refills?: number
  supplyDays?: number
  start?: string
  end?: string
  prescriber?: string
  reason?: string | Concept
  at?: string
}

// ---- stored data: an entry's content, one type per FHIR resource it projects to ----

export type VitalData = { type: 'vital', at: string } & (
  | { kind: 'bp', systolic: number, diastolic: number }
  | { kind: ScalarVitalKind, value: number })
export interface ObservationData { type: 'observation', at: string, code: Concept, value?: number | string | Concept, unit?: string, unitText?: string, components?: Component[], category?: string }
export interface AllergyData { type: 'allergy', at: string, code: Concept, status: AllergyStatus, category?: AllergyCategory, criticality?: Criticality, reaction?: string }
export interface ConditionData { type: 'condition', at: string, code: Concept, status: ConditionStatus, abated?: string }
export interface MedicationData { type: 'medication', at: string, medication: Concept, status: MedicationStatus, dosage?: string, until?: string }
export interface PrescriptionData {
  type: 'prescription', at: string, medication: Concept, status: PrescriptionStatus, intent: PrescriptionIntent, dosage?: Dosage[],
  quantity?: Quantity, refills?: number, supplyDays?: number, start?: string, end?: string, prescriber?: string, reason?: Concept
}
export interface ImmunizationData { type: 'immunization', at: string, vaccine: Concept, status: ImmunizationStatus, lot?: string }
export interface ProcedureData { type: 'procedure', at: string, code: Concept, status: ProcedureStatus, end?: string, reason?: Concept }
/** A diagnostic report (a lab panel, an imaging report): `results` are the entry ids of its observations in this notebook. */
export interface ReportData { type: 'report', at: string, code: Concept, status: ReportStatus, category?: Concept, results?: string[], conclusion?: string }
/** A visit: its type, class (AMB, EMER, IMP, ...), where, and why; what happened at it points to it (see EntrySource.encounter). */
export interface EncounterData { type: 'encounter', at: string, code: Concept, status: EncounterStatus, class?: string, end?: string, reason?: Concept, provider?: string }
export interface CarePlanData { type: 'careplan', at: string, code: Concept, status: CarePlanStatus, end?: string, activities?: Concept[] }
export interface ImagingData { type: 'imaging', at: string, status: ImagingStatus, modality?: Concept[], procedure?: Concept, bodySite?: Concept, series: number, instances: number }
/** The patient as a hospital recorded them; `at` is the birth date when known. */
export interface PatientData { type: 'patient', at: string, name?: string, gender?: Gender, birthDate?: string }
export interface NoteData { type: 'note', at: string, text: string, title?: string }
export interface DocumentData { type: 'document', at: string, title: string, contentType: string, sha256: string, size: number }
export interface ConsentData { type: 'consent', at: string, clinic: string, scope: ConsentScope, expires: string, status: ConsentStatus, tx: string }

export type EntryData = VitalData | ObservationData | AllergyData | ConditionData | MedicationData | PrescriptionData | ImmunizationData | ProcedureData
  | ReportData | EncounterData | CarePlanData | ImagingData | PatientData | NoteData | DocumentData | ConsentData
export type EntryType = EntryData['type']

/**
 * Where an imported entry came from: the resource's identity, the resource as it came (so export gives
 * it back), and what happened to it since. Entries written in the notebook have none.
 */
export interface EntrySource {
  /** The resource's identity: its fullUrl, or its source system (meta.source, the bundle's base) and Type/id. */
  key: string
  /** SHA-256 (hex) of the original resource's canonical JSON and its length in bytes: equal hashes, same version. */
  sha256: string
  size: number
  /** The original resource, as it came; absent when it was large (see `deflated`) or too large even so (`issues` says so). */
  resource?: Record<string, unknown>
  /** A large original resource's canonical JSON, deflated (raw DEFLATE) and in base64: kept whole, in less room. */
  deflated?: string
  /** Resources it came with and names by reference, kept beside it (a prescription's Medication), by their keys. */
  related?: Array<{ key: string, resource: Record<string, unknown> }>
  /** The entry id of the visit (encounter) it happened at. */
  encounter?: string
  /** Why it is flagged: an implausible value kept as it came, an original too large to keep. */
  issues?: string[]
  /** Earlier versions, oldest first: when each was replaced, and the document heads at which it can still be read. */
  history?: Array<{ replaced: string, heads: string[] }>
  /** When a version marked entered-in-error retired it (retired entries are left out of queries unless asked for). */
  retired?: string
  /** When the notebook's view was edited after the import (export then applies the edits to the original). */
  edited?: string
}

/** What every entry carries besides its content; `recorded`/`amended` are UTC instants. */
export interface EntryMeta { id: string, recorded: string, author: Author, amended?: string, source?: EntrySource }

export type Entry = EntryData & EntryMeta
export type VitalEntry = VitalData & EntryMeta
export type ObservationEntry = ObservationData & EntryMeta
export type AllergyEntry = AllergyData & EntryMeta
export type ConditionEntry = ConditionData & EntryMeta
export type MedicationEntry = MedicationData & EntryMeta
export type PrescriptionEntry = PrescriptionData & EntryMeta
export type ImmunizationEntry = ImmunizationData & EntryMeta
export type ProcedureEntry = ProcedureData & EntryMeta
export type ReportEntry = ReportData & EntryMeta
export type EncounterEntry = EncounterData & EntryMeta
export type CarePlanEntry = CarePlanData & EntryMeta
export type ImagingEntry = ImagingData & EntryMeta
export type PatientEntry = PatientData & EntryMeta
export type NoteEntry = NoteData & EntryMeta
export type DocumentEntry = DocumentData & EntryMeta
export type ConsentEntry = ConsentData & EntryMeta

/** Fields `amend` may change; which apply depends on the entry's type (checked at run time). */
export type EntryPatch =
  | Partial<{ systolic: number, diastolic: number, value: number, unit: string, at: string }>
  | Partial<ObservationInput>
  | Partial<AllergyInput> | Partial<ConditionInput> | Partial<MedicationInput> | Partial<PrescriptionInput>
  | Partial<NoteInput> | Partial<DocumentInput> | Partial<ConsentInput>
  | Partial<Omit<ImmunizationData | ProcedureData | ReportData | EncounterData | CarePlanData | ImagingData | PatientData, 'type'>>

/**
 * Filters for `query`; `since` is inclusive, `until` exclusive (FHIR dates; a bare date means 00:00 UTC).
 * Entries retired as entered-in-error are left out unless `retired` is true.
 */
export interface Query { type?: EntryType, kind?: VitalKind, since?: string, until?: string, retired?: boolean }

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
