// Export: every entry projected onto the FHIR R4 resource it is shaped after, in a `collection`
// Bundle with a Patient placeholder that carries no demographics (the notebook holds none).
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64, base64urlnopad } from '@scure/base'
import {
  ACT_CODE, ALLERGY_CLINICAL, CONDITION_CLINICAL, CONSENT_ACTION, CONSENT_SCOPE, DOCUMENT_CATEGORY, IOST_TX, LOINC,
  NOTE_CONTENT_TYPE, NOTE_TYPE, OBSERVATION_CATEGORY, PARTICIPATION_TYPE, TECHO_NOTEBOOK, TECHO_PARTY, UCUM, uuidFor
} from './fhir-systems.js'
import type { Notebook } from './notebook.js'
import { isoSeconds } from './time.js'
import type { Concept, Entry, VitalEntry } from './types.js'
import { VITALS } from './vitals.js'

export type FhirResource = { resourceType: string, id: string } & Record<string, unknown>
export interface Bundle {
  resourceType: 'Bundle'
  identifier: { system: string, value: string }
  type: 'collection'
  timestamp: string
  entry: Array<{ fullUrl: string, resource: FhirResource }>
}

type Reference = { reference: string }

/** Returns the whole notebook as a FHIR R4 collection Bundle, entries in time order, each a valid resource. */
export function exportFhirBundle (nb: Notebook): Bundle {
  const patientUuid = uuidFor(nb.id, 'patient')
  const subject = { reference: `urn:uuid:${patientUuid}` }
  const patient: FhirResource = { resourceType: 'Patient', id: patientUuid, identifier: [{ system: TECHO_PARTY, value: nb.patientId }] }
  return {
    resourceType: 'Bundle',
    identifier: { system: TECHO_NOTEBOOK, value: nb.id },
    type: 'collection',
    timestamp: isoSeconds(nb.now()),
    entry: [
      { fullUrl: subject.reference, resource: patient },
      ...nb.query().map(e => ({ fullUrl: `urn:uuid:${uuidFor(nb.id, e.id)}`, resource: toResource(e, subject) }))
    ]
  }
}

// The FHIR R4 resource an entry projects to, referring to the patient as `subject`.
function toResource (e: Entry, subject: Reference): FhirResource {
  switch (e.type) {
    case 'vital': return vital(e, subject)
    case 'observation':
      return compact({
        resourceType: 'Observation',
        id: e.id,
        status: e.amended === undefined ? 'final' : 'amended',
        category: e.category === undefined ? undefined : [category(e.category)],
        code: codeable(e.code),
        subject,
        effectiveDateTime: e.at,
        issued: e.recorded,
        valueQuantity: typeof e.value === 'number' ? quantity(e.value, e.unit) : undefined,
        valueCodeableConcept: typeof e.value === 'number' ? undefined : codeable(e.value)
      })
    case 'allergy':
      return compact({
        resourceType: 'AllergyIntolerance',
        id: e.id,
        clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: e.status }] },
        category: e.category === undefined ? undefined : [e.category],
        criticality: e.criticality,
        code: codeable(e.code),
        patient: subject,
        onsetDateTime: e.at,
        recordedDate: e.recorded,
        reaction: e.reaction === undefined ? undefined : [{ manifestation: [{ text: e.reaction }] }]
      })
    case 'condition':
      return compact({
        resourceType: 'Condition',
        id: e.id,
        clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: e.status }] },
        code: codeable(e.code),
        subject,
        onsetDateTime: e.at,
        abatementDateTime: e.abated,
        recordedDate: e.recorded
      })
    case 'medication':
      return compact({
        resourceType: 'MedicationStatement',
        id: e.id,
        status: e.status,
        medicationCodeableConcept: codeable(e.medication),
        subject,
        effectiveDateTime: e.until === undefined ? e.at : undefined,
        effectivePeriod: e.until === undefined ? undefined : { start: e.at, end: e.until },
        dateAsserted: e.recorded,
        dosage: e.dosage === undefined ? undefined : [{ text: e.dosage }]
      })
    case 'note':
      return compact({
        resourceType: 'DocumentReference',
        id: e.id,
        status: 'current',
        type: { coding: [{ system: LOINC, ...NOTE_TYPE }], text: NOTE_TYPE.display },
        category: [{ coding: [{ system: DOCUMENT_CATEGORY, code: 'clinical-note', display: 'Clinical Note' }] }],
        subject,
        date: e.recorded,
        description: e.title,
        content: [{ attachment: compact({ contentType: NOTE_CONTENT_TYPE, data: base64.encode(utf8ToBytes(e.text)), title: e.title }) }],
        context: { period: { start: e.at } }
      })
    case 'document':
      return {
        resourceType: 'DocumentReference',
        id: e.id,
        status: 'current',
        subject,
        date: e.recorded,
        description: e.title,
        // RFC 6920 names the content by its SHA-256 (FHIR's own Attachment.hash is SHA-1 of bytes we do not hold).
        content: [{ attachment: { contentType: e.contentType, url: `ni:///sha-256;${base64urlnopad.encode(hexToBytes(e.sha256))}`, size: e.size, title: e.title } }],
        context: { period: { start: e.at } }
      }
    case 'consent':
      return {
        resourceType: 'Consent',
        id: e.id,
        identifier: [{ system: IOST_TX, value: e.tx }],
        status: e.status === 'active' ? 'active' : 'inactive',
        scope: { coding: [{ system: CONSENT_SCOPE, code: 'patient-privacy' }] },
        category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] }],
        patient: subject,
        dateTime: e.at,
        policyRule: { coding: [{ system: ACT_CODE, code: 'OPTIN' }] },
        provision: {
          type: 'permit',
          period: { end: e.expires },
          actor: [{
            role: { coding: [{ system: PARTICIPATION_TYPE, code: 'IRCP', display: 'information recipient' }] },
            reference: { identifier: { system: TECHO_PARTY, value: e.clinic } }
          }],
          action: (e.scope === 'write' ? ['access', 'correct'] : ['access']).map(code => ({ coding: [{ system: CONSENT_ACTION, code }] }))
        }
      }
  }
}

function vital (e: VitalEntry, subject: Reference): FhirResource {
  const spec = VITALS[e.kind]
  const values = e as unknown as Record<string, number>
  return {
    resourceType: 'Observation',
    id: e.id,
    status: e.amended === undefined ? 'final' : 'amended',
    category: [category(spec.category)],
    code: { coding: [{ system: LOINC, code: spec.code, display: spec.display }], text: spec.display },
    subject,
    effectiveDateTime: e.at,
    issued: e.recorded,
    ...(e.kind === 'bp'
      ? {
          component: spec.measures.map(m => ({
            code: { coding: [{ system: LOINC, code: m.component?.code, display: m.component?.display }] },
            valueQuantity: quantity(values[m.field] as number, spec.unit, spec.unitText)
          }))
        }
      : { valueQuantity: quantity(e.value, spec.unit, spec.unitText) })
  }
}

function quantity (value: number, unit: string | undefined, unitText = unit): Record<string, unknown> {
  return unit === undefined ? { value } : { value, unit: unitText, system: UCUM, code: unit }
}

function codeable (c: Concept): Record<string, unknown> {
  return c.system === undefined ? { text: c.text } : { coding: [{ system: c.system, code: c.code, display: c.text }], text: c.text }
}

function category (code: string): Record<string, unknown> {
  return { coding: [{ system: OBSERVATION_CATEGORY, code }] }
}

// FHIR JSON forbids nulls and the notebook's optional fields are undefined when absent: drop them.
function compact<T extends Record<string, unknown>> (o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}
