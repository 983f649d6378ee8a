// What a command can do to a notebook, whoever holds the database: this process (a local access)
// or a running `techo serve` daemon (reached over its local HTTP API). Commands see only this.
import type { AllergyInput, Bundle, ConditionInput, Entry, ImportProgress, ImportReport, MedicationInput, NoteInput, PrescriptionInput, Query, VitalInput } from '@techo/notebook'
import type { AuditEvent } from '@techo/vault'
import type { VitalWords } from '../cli/describe.js'
import type { AnchorCheck, AnchorFact } from './anchor-check.js'

/** The kinds of non-vital entry `techo add` knows. */
export type EntryKind = 'allergy' | 'medication' | 'condition' | 'note' | 'prescription'

/** Every EntryKind, in the order forms and help list them. */
export const ENTRY_KINDS: readonly EntryKind[] = ['allergy', 'medication', 'condition', 'note', 'prescription']

/** The input each entry kind takes. */
export interface EntryInputs { allergy: AllergyInput, medication: MedicationInput, condition: ConditionInput, note: NoteInput, prescription: PrescriptionInput }

/** Who this node is, and on a clinic node the patient whose replica was picked (if any). */
export interface WhoAmI { party: string, role: 'patient' | 'clinic', peerId: string, notebook?: string, patient?: string }

/**
 * The largest FHIR bundle `techo import` takes, directly or through a daemon (its JSON text, in bytes):
 * the same limit on both paths, so a bundle that imports one way imports the other.
 */
export const FHIR_BUNDLE_LIMIT = 256 * 1024 * 1024

/** How to import a bundle: refuse it whole on any problem, which patient of several, where resources without an origin come from. */
export interface FhirImportOptions { strict?: boolean, subject?: string, source?: string }

/** A reading as a person types it (`bp`, `120/80`), parsed and validated by whoever holds the notebook. */
export interface ReadingText { kind: string, text: string, at?: string }

export interface NotebookAccess {
  /** This node's party, role, device and notebook. */
  whoami: () => Promise<WhoAmI>
  /** The names and units of the vital signs, for describing entries. */
  vitalKinds: () => Promise<VitalWords>
  /** Adds one validated reading, typed or as text; resolves once it is durably stored. */
  addVital: (input: VitalInput | ReadingText) => Promise<Entry>
  /** Adds one validated allergy, medication, condition, note or prescription. */
  addEntry: <K extends EntryKind>(kind: K, input: EntryInputs[K]) => Promise<Entry>
  /** Entries matching the query, oldest first; imported ones without their original resource (export gives that). */
  query: (q: Query) => Promise<Entry[]>
  /** The whole notebook as a FHIR R4 Bundle. */
  exportFhir: () => Promise<Bundle>
  /** The notebook's International Patient Summary, a FHIR R4 document Bundle. */
  exportIps: () => Promise<Record<string, unknown>>
  /** Judges anchors the chain recorded for this notebook against the notebook held here (`techo verify`). */
  checkAnchors: (anchors: AnchorFact[]) => Promise<AnchorCheck[]>
  /** Imports a FHIR R4 Bundle (what can be read; with `strict`, all or nothing), telling `onProgress` how far it got. */
  importFhir: (bundle: unknown, options?: FhirImportOptions, onProgress?: (progress: ImportProgress) => void) => Promise<ImportReport>
  /** The names of the parties this node knows (clinics whose signed profile it holds), by party id. */
  names: () => Promise<Record<string, string>>
  /** This node's audit log, oldest first. */
  audit: (q: { since?: string, limit?: number }) => Promise<AuditEvent[]>
  /** Releases what the access holds (the database, or nothing for a daemon). */
  close: () => Promise<void>
}
