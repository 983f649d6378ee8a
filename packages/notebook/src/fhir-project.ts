// Every entry projected onto the FHIR R4 resource it is shaped after: how entries written in the
// notebook are exported, and how an imported one is rebuilt when its original is not kept whole
// or was edited here. Imported entries otherwise export their original resource (fhir-export.ts).
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { isPartyId } from '@techo/identity'
import { base64, base64urlnopad } from '@scure/base'
import {
  ACT_CODE, ALLERGY_CLINICAL, CONDITION_CLINICAL, CONSENT_ACTION, CONSENT_SCOPE, DOCUMENT_CATEGORY, IOST_TX, LOINC,
  NOTE_CONTENT_TYPE, NOTE_TYPE, NULL_FLAVOR, OBSERVATION_CATEGORY, PARTICIPATION_TYPE, TECHO_PARTY, UCUM
} from './fhir-systems.js'
import type { Component, Concept, Dosage, Entry, Quantity, VitalEntry } from './types.js'
import { VITALS } from './vitals.js'

export type FhirResource = { resourceType: string, id: string } & Record<string, unknown>
export type Reference = Record<string, unknown>

/** What a projection needs besides the entry: whom it is about, and the fullUrl of another entry by id. */
export interface Projection { subject: Reference, fullUrlOf: (id: string) => string | undefined }

/** Returns the FHIR R4 resource an entry projects to, with resource id `id`. */
export function project (e: Entry, id: string, { subject, fullUrlOf }: Projection): FhirResource {
  const status = e.amended === undefined ? 'final' : 'amended'
  switch (e.type) {
    case 'vital': return vital(e, id, subject)
    case 'observation':
      return compact({
        resourceType: 'Observation',
        id,
        status,
        category: e.category === undefined ? undefined : [category(e.category)],
        code: codeable(e.code),
        subject,
        effectiveDateTime: e.at,
        issued: e.recorded,
        ...values(e),
        component: e.components?.map(c => compact({ code: codeable(c.code), ...values(c) }))
      })
    case 'allergy':
      return compact({
        resourceType: 'AllergyIntolerance',
        id,
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
        id,
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
        id,
        status: e.status,
        medicationCodeableConcept: codeable(e.medication),
        subject,
        ...timeOrPeriod('effective', e.at, e.until),
        dateAsserted: e.recorded,
        dosage: e.dosage === undefined ? undefined : [{ text: e.dosage }]
      })
    case 'prescription':
      return compact({
        resourceType: 'MedicationRequest',
        id,
        status: e.status,
        intent: e.intent,
        medicationCodeableConcept: codeable(e.medication),
        subject,
        authoredOn: e.at,
        requester: e.prescriber === undefined ? undefined : isPartyId(e.prescriber) ? { identifier: { system: TECHO_PARTY, value: e.prescriber } } : { display: e.prescriber },
        reasonCode: e.reason === undefined ? undefined : [codeable(e.reason)],
        dosageInstruction: e.dosage?.map(dosage),
        dispenseRequest: empty(compact({
          validityPeriod: e.start === undefined && e.end === undefined ? undefined : compact({ start: e.start, end: e.end }),
          numberOfRepeatsAllowed: e.refills,
          quantity: e.quantity === undefined ? undefined : amount(e.quantity),
          expectedSupplyDuration: e.supplyDays === undefined ? undefined : { value: e.supplyDays, unit: 'days', system: UCUM, code: 'd' }
        }))
      })
    case 'immunization':
      return compact({ resourceType: 'Immunization', id, status: e.status, vaccineCode: codeable(e.vaccine), patient: subject, occurrenceDateTime: e.at, recorded: e.recorded, lotNumber: e.lot })
    case 'procedure':
      return compact({
        resourceType: 'Procedure',
        id,
        status: e.status,
        code: codeable(e.code),
        subject,
        ...timeOrPeriod('performed', e.at, e.end),
        reasonCode: e.reason === undefined ? undefined : [codeable(e.reason)]
      })
    case 'report': {
      const results = (e.results ?? []).map(fullUrlOf).filter(url => url !== undefined)
      return compact({
        resourceType: 'DiagnosticReport',
        id,
        status: e.status,
        category: e.category === undefined ? undefined : [codeable(e.category)],
        code: codeable(e.code),
        subject,
        effectiveDateTime: e.at,
        issued: e.recorded,
        result: results.length === 0 ? undefined : results.map(reference => ({ reference })),
        conclusion: e.conclusion
      })
    }
    case 'encounter':
      return compact({
        resourceType: 'Encounter',
        id,
        status: e.status,
        // Encounter.class is required; a visit imported without one says it is unknown rather than guess.
        class: e.class === undefined ? { system: NULL_FLAVOR, code: 'UNK' } : { system: ACT_CODE, code: e.class },
        type: [codeable(e.code)],
        subject,
        period: compact({ start: e.at, end: e.end }),
        reasonCode: e.reason === undefined ? undefined : [codeable(e.reason)],
        serviceProvider: e.provider === undefined ? undefined : { display: e.provider }
      })
    case 'careplan':
      return compact({
        resourceType: 'CarePlan',
        id,
        status: e.status,
        intent: 'plan',
        category: [codeable(e.code)],
        subject,
        period: compact({ start: e.at, end: e.end }),
        activity: e.activities?.map(a => ({ detail: { code: codeable(a), status: 'unknown' } }))
      })
    case 'imaging':
      return compact({
        resourceType: 'ImagingStudy',
        id,
        status: e.status,
        modality: e.modality?.map(m => compact({ system: m.system, code: m.code ?? m.text, display: m.text })),
        subject,
        started: e.at,
        numberOfSeries: e.series,
        numberOfInstances: e.instances,
        procedureCode: e.procedure === undefined ? undefined : [codeable(e.procedure)]
      })
    case 'patient':
      return compact({ resourceType: 'Patient', id, name: e.name === undefined ? undefined : [{ text: e.name }], gender: e.gender, birthDate: e.birthDate })
    case 'note':
      return compact({
        resourceType: 'DocumentReference',
        id,
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
        id,
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
        id,
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

function vital (e: VitalEntry, id: string, subject: Reference): FhirResource {
  const spec = VITALS[e.kind]
  const values = e as unknown as Record<string, number>
  return {
    resourceType: 'Observation',
    id,
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

// value[x] of an observation or component: a quantity (UCUM, or a unit's text), text or a concept.
function values (v: Omit<Component, 'code'>): Record<string, unknown> {
  if (typeof v.value === 'number') return { valueQuantity: v.unitText === undefined ? quantity(v.value, v.unit) : { value: v.value, unit: v.unitText } }
  if (typeof v.value === 'string') return { valueString: v.value }
  return v.value === undefined ? {} : { valueCodeableConcept: codeable(v.value) }
}

function dosage (d: Dosage): Record<string, unknown> {
  return compact({
    text: d.text,
    timing: d.frequency === undefined ? undefined : { repeat: { frequency: d.frequency, period: d.period, periodUnit: d.periodUnit } },
    asNeededBoolean: d.asNeeded,
    route: d.route === undefined ? undefined : codeable(d.route),
    doseAndRate: d.dose === undefined ? undefined : [{ doseQuantity: amount(d.dose) }]
  })
}

// A notebook quantity as FHIR: a UCUM-looking unit is given as a UCUM code too.
function amount (q: Quantity): Record<string, unknown> {
  return q.unit === undefined ? { value: q.value } : /^[!-~]+$/.test(q.unit) ? { value: q.value, unit: q.unit, system: UCUM, code: q.unit } : { value: q.value, unit: q.unit }
}

function quantity (value: number, unit: string | undefined, unitText = unit): Record<string, unknown> {
  return unit === undefined ? { value } : { value, unit: unitText, system: UCUM, code: unit }
}

/** Returns a notebook concept as a FHIR CodeableConcept. */
export function codeable (c: Concept): Record<string, unknown> {
  return c.system === undefined ? { text: c.text } : { coding: [{ system: c.system, code: c.code, display: c.text }], text: c.text }
}

// A FHIR choice of a dateTime (one moment) or a Period (a start and an end), e.g. effectiveDateTime or effectivePeriod.
function timeOrPeriod (name: string, start: string, end: string | undefined): Record<string, unknown> {
  return end === undefined ? { [`${name}DateTime`]: start } : { [`${name}Period`]: { start, end } }
}

function category (code: string): Record<string, unknown> {
  return { coding: [{ system: OBSERVATION_CATEGORY, code }] }
}

function empty<T extends Record<string, unknown>> (o: T): T | undefined {
  return Object.keys(o).length === 0 ? undefined : o
}

/** Returns `o` without its undefined fields: FHIR JSON forbids nulls, and the notebook's optional fields are undefined when absent. */
export function compact<T extends Record<string, unknown>> (o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}
