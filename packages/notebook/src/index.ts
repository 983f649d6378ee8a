// @techo/notebook: one patient's health notebook. A FHIR R4-shaped Automerge document bucketed by
// device, year, month and day; typed, validated edits; FHIR Bundle import and export; and the salted
// digest of the document's heads that gets anchored on chain.
export { NotebookError, type NotebookErrorCode } from './errors.js'
export { Notebook, type Writer, type NotebookChange, type ChangeListener } from './notebook.js'
export { parseVital } from './parse-vital.js'
export { VITALS, type VitalSpec, type Measure } from './vitals.js'
export { digest, findPastDigests } from './digest.js'
export { sameHeads } from './heads.js'
export { exportFhirBundle, type Bundle, type BundleEntry, type FhirResource } from './fhir-export.js'
export { importFhirBundle, type ImportOptions, type ImportProgress, type ImportIssue, type ImportReport } from './fhir-import.js'
export { exportIps } from './fhir-ips.js'
export { entryHistory } from './entry-history.js'
export { ENTRY_BUDGET } from './entry-source.js'
export {
  SCHEMA_VERSION, VITAL_KINDS,
  type VitalKind, type ScalarVitalKind, type Concept, type Author,
  type VitalInput, type AllergyInput, type ConditionInput, type MedicationInput, type PrescriptionInput, type NoteInput, type DocumentInput, type ConsentInput,
  type AllergyStatus, type AllergyCategory, type Criticality, type ConditionStatus, type MedicationStatus, type ConsentScope, type ConsentStatus,
  type PrescriptionStatus, type PrescriptionIntent, type PeriodUnit, type Dosage, type Quantity, type Component,
  type Entry, type EntryType, type EntryMeta, type EntrySource, type EntryPatch, type Query,
  type VitalEntry, type ObservationEntry, type AllergyEntry, type ConditionEntry, type MedicationEntry, type PrescriptionEntry, type NoteEntry, type DocumentEntry, type ConsentEntry,
  type ImmunizationEntry, type ProcedureEntry, type ReportEntry, type EncounterEntry, type CarePlanEntry, type ImagingEntry, type PatientEntry,
  type NotebookDoc, type NotebookMeta
} from './types.js'
