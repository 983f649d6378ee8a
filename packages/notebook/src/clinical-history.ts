// Validators for what a patient's history holds besides readings and problems: immunizations,
// procedures, diagnostic reports, visits, care plans, imaging studies, and the patient as a hospital
// recorded them. They come from FHIR imports today; each is validated as any entry is, on write and on read.
import type { Fail } from './errors.js'
import { ENTRY_ID } from './ids.js'
import { coded, concept, concepts, count, end, optConcept, optional, text, time } from './fields.js'
import {
  CAREPLAN_STATUSES, ENCOUNTER_STATUSES, GENDERS, IMAGING_STATUSES, IMMUNIZATION_STATUSES, PROCEDURE_STATUSES, REPORT_STATUSES,
  type CarePlanData, type EncounterData, type ImagingData, type ImmunizationData, type PatientData, type ProcedureData, type ReportData
} from './types.js'

type Input = Record<string, unknown>

const MAX_RESULTS = 1000
const MAX_ACTIVITIES = 200
// FHIR Encounter.class codes are short v3 ActCode codes (AMB, EMER, IMP, VR, ...).
const CLASS_CODE = /^[A-Za-z0-9_-]{1,20}$/

/** Returns an immunization entry (status completed by default). */
export function validateImmunization (input: Input, now: number, fail: Fail): ImmunizationData {
  const out: ImmunizationData = {
    type: 'immunization',
    at: time(input.at, 'at', 'Immunization date', now, fail),
    vaccine: concept(input.vaccine, 'vaccine', 'Vaccine', fail),
    status: optional(input.status, 'status', 'Immunization status', IMMUNIZATION_STATUSES, fail) ?? 'completed'
  }
  if (input.lot !== undefined) out.lot = text(input.lot, 'lot', 'Lot number', 100, fail)
  return out
}

/** Returns a procedure entry (status completed by default; `end` not before its time). */
export function validateProcedure (input: Input, now: number, fail: Fail): ProcedureData {
  const out: ProcedureData = { type: 'procedure', ...coded(input, now, fail, { at: 'Procedure time', code: 'Procedure', status: 'Procedure status' }, PROCEDURE_STATUSES, 'completed') }
  if (input.end !== undefined) out.end = end(input.end, 'end', 'Procedure end', out.at, now, fail)
  const reason = optConcept(input.reason, 'reason', 'Reason', fail)
  if (reason !== undefined) out.reason = reason
  return out
}

/** Returns a diagnostic report entry (status final by default); `results` must be entry ids. */
export function validateReport (input: Input, now: number, fail: Fail): ReportData {
  const out: ReportData = { type: 'report', ...coded(input, now, fail, { at: 'Report time', code: 'Report', status: 'Report status' }, REPORT_STATUSES, 'final') }
  const category = optConcept(input.category, 'category', 'Report category', fail)
  if (category !== undefined) out.category = category
  if (input.results !== undefined) {
    const ids = input.results
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_RESULTS || !ids.every(id => typeof id === 'string' && ENTRY_ID.test(id))) {
      return fail('results', `Report results must be a list of 1 to ${MAX_RESULTS} entry ids.`)
    }
    out.results = ids as string[]
  }
  if (input.conclusion !== undefined) out.conclusion = text(input.conclusion, 'conclusion', 'Conclusion', 10_000, fail)
  return out
}

/** Returns a visit (encounter) entry (status finished by default; `end` not before its start). */
export function validateEncounter (input: Input, now: number, fail: Fail): EncounterData {
  const out: EncounterData = { type: 'encounter', ...coded(input, now, fail, { at: 'Visit start', code: 'Visit type', status: 'Visit status' }, ENCOUNTER_STATUSES, 'finished') }
  if (input.class !== undefined) {
    if (typeof input.class !== 'string' || !CLASS_CODE.test(input.class)) return fail('class', `Visit class ${JSON.stringify(input.class)} is not a code such as AMB, EMER or IMP.`)
    out.class = input.class
  }
  if (input.end !== undefined) out.end = end(input.end, 'end', 'Visit end', out.at, now, fail)
  const reason = optConcept(input.reason, 'reason', 'Reason', fail)
  if (reason !== undefined) out.reason = reason
  if (input.provider !== undefined) out.provider = text(input.provider, 'provider', 'Provider', 200, fail)
  return out
}

/** Returns a care plan entry (status active by default). */
export function validateCarePlan (input: Input, now: number, fail: Fail): CarePlanData {
  const out: CarePlanData = { type: 'careplan', ...coded(input, now, fail, { at: 'Care plan start', code: 'Care plan', status: 'Care plan status' }, CAREPLAN_STATUSES, 'active') }
  if (input.end !== undefined) out.end = end(input.end, 'end', 'Care plan end', out.at, Infinity, fail)
  const activities = concepts(input.activities, 'activities', 'Care plan activities', MAX_ACTIVITIES, fail)
  if (activities !== undefined) out.activities = activities
  return out
}

/** Returns an imaging study entry: its status, modalities, procedure, body site, and how many series and images. */
export function validateImaging (input: Input, now: number, fail: Fail): ImagingData {
  const out: ImagingData = {
    type: 'imaging',
    at: time(input.at, 'at', 'Imaging time', now, fail),
    status: optional(input.status, 'status', 'Imaging status', IMAGING_STATUSES, fail) ?? 'available',
    series: count(input.series ?? 0, 'series', 'Series', 0, 100_000, fail) as number,
    instances: count(input.instances ?? 0, 'instances', 'Images', 0, 10_000_000, fail) as number
  }
  const modality = concepts(input.modality, 'modality', 'Modality', 50, fail)
  if (modality !== undefined) out.modality = modality
  const procedure = optConcept(input.procedure, 'procedure', 'Imaging procedure', fail)
  if (procedure !== undefined) out.procedure = procedure
  const bodySite = optConcept(input.bodySite, 'bodySite', 'Body site', fail)
  if (bodySite !== undefined) out.bodySite = bodySite
  return out
}

/** Returns a patient entry (a hospital's record of who the patient is); its time is the birth date when known. */
export function validatePatient (input: Input, now: number, fail: Fail): PatientData {
  const out: PatientData = { type: 'patient', at: time(input.at ?? input.birthDate, 'at', 'Patient record time', now, fail) }
  if (input.name !== undefined) out.name = text(input.name, 'name', 'Name', 200, fail)
  const gender = optional(input.gender, 'gender', 'Gender', GENDERS, fail)
  if (gender !== undefined) out.gender = gender
  if (input.birthDate !== undefined) out.birthDate = time(input.birthDate, 'birthDate', 'Birth date', now, fail)
  return out
}
