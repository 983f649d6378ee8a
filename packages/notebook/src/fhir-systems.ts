// Code systems and identifier namespaces used in FHIR resources the notebook writes and reads.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

export const LOINC = 'http://loinc.org'
export const UCUM = 'http://unitsofmeasure.org'
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category'
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical'
export const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification'
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical'
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status'
export const DOCUMENT_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category'
export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope'
export const CONSENT_ACTION = 'http://terminology.hl7.org/CodeSystem/consentaction'
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode'
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType'
export const NULL_FLAVOR = 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor'
export const ABSENT_UNKNOWN = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips'

/** Bundle.identifier system of a Techo export: its value is the notebook id, and resource ids are entry ids. */
export const TECHO_NOTEBOOK = 'urn:techo:notebook'
/** Bundle.meta.tag system of a Techo export: each code is one head (hex change hash) of the notebook state it was made from. */
export const TECHO_NOTEBOOK_HEAD = 'urn:techo:notebook-head'
/** Identifier system for party ids (base58 master public keys) of patients and clinics. */
export const TECHO_PARTY = 'urn:techo:party'
/** Identifier system for the IOST transaction a consent mirror records. */
export const IOST_TX = 'urn:techo:iost-tx'

/** LOINC code of a clinical note written in the notebook ("Note"). */
export const NOTE_TYPE = { code: '34109-9', display: 'Note' }
/** The content type notes are exported with. */
export const NOTE_CONTENT_TYPE = 'text/plain; charset=utf-8'

/** Returns a stable name-based UUID (RFC 9562 version 8) for `name` within a notebook, for Bundle fullUrls. */
export function uuidFor (notebookId: string, name: string): string {
  const b = sha256(utf8ToBytes(`techo/uuid/v1:${notebookId}/${name}`)).slice(0, 16)
  b[6] = ((b[6] as number) & 0x0f) | 0x80
  b[8] = ((b[8] as number) & 0x3f) | 0x80
  const h = bytesToHex(b)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
