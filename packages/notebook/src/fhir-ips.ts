// The International Patient Summary: a FHIR R4 `document` Bundle a patient can hand to any doctor.
// A Composition (LOINC 60591-5) with the IPS sections (allergies, medications, problems, immunizations,
// results, vital signs), each with a readable narrative and the resources it lists, then the Patient
// and those resources as the notebook holds them (imported ones as they came). Every reference in the
// document resolves inside it: a resource's subject becomes the document's Patient, and a reference to
// something the summary does not carry (a visit, a practitioner) keeps only its display text.
import { ABSENT_UNKNOWN, LOINC, uuidFor } from './fhir-systems.js'
import { exportResources, type Exported } from './fhir-export.js'
import type { FhirResource } from './fhir-project.js'
import type { Notebook } from './notebook.js'
import { instantOf, isoSeconds } from './time.js'
import type { Concept, Entry } from './types.js'

type Json = Record<string, unknown>

interface Section {
  code: string
  display: string
  title: string
  pick: (entries: Entry[]) => Entry[]
  /** For the sections IPS requires: the resource that says there is no information. */
  absent?: (subject: Json) => Json
}

const ACTIVE_MEDICATION = ['active', 'intended', 'on-hold']
const ACTIVE_PRESCRIPTION = ['active', 'on-hold', 'draft']
const ACTIVE_CONDITION = ['active', 'recurrence', 'relapse']
const DATA_ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason'

const SECTIONS: readonly Section[] = [
  {
    code: '48765-2',
    display: 'Allergies and adverse reactions Document',
    title: 'Allergies and intolerances',
    pick: es => es.filter(e => e.type === 'allergy' && e.status === 'active'),
    absent: patient => ({ resourceType: 'AllergyIntolerance', code: absent('no-allergy-info', 'No information about allergies'), patient })
  },
  {
    code: '10160-0',
    display: 'History of Medication use Narrative',
    title: 'Medication summary',
    pick: es => es.filter(e => (e.type === 'medication' && ACTIVE_MEDICATION.includes(e.status)) || (e.type === 'prescription' && ACTIVE_PRESCRIPTION.includes(e.status))),
    absent: subject => ({
      resourceType: 'MedicationStatement',
      status: 'unknown',
      medicationCodeableConcept: absent('no-medication-info', 'No information about medications'),
      subject,
      _effectiveDateTime: { extension: [{ url: DATA_ABSENT, valueCode: 'unknown' }] }
    })
  },
  {
    code: '11450-4',
    display: 'Problem list - Reported',
    title: 'Problem list',
    pick: es => es.filter(e => e.type === 'condition' && ACTIVE_CONDITION.includes(e.status)),
    absent: subject => ({ resourceType: 'Condition', code: absent('no-problem-info', 'No information about problems'), subject })
  },
  {
    code: '11369-6',
    display: 'History of Immunization Narrative',
    title: 'Immunizations',
    pick: es => es.filter(e => e.type === 'immunization' && e.status === 'completed')
  },
  {
    code: '30954-2',
    display: 'Relevant diagnostic tests/laboratory data Narrative',
    title: 'Results',
    pick: es => latest(es.filter(e => (e.type === 'observation' && e.category === 'laboratory') || (e.type === 'vital' && e.kind === 'glucose')))
  },
  {
    code: '8716-3',
    display: 'Vital signs',
    title: 'Vital signs',
    pick: es => latest(es.filter(e => (e.type === 'vital' && e.kind !== 'glucose') || (e.type === 'observation' && e.category === 'vital-signs')))
  }
]

/** Returns the notebook's International Patient Summary as a FHIR R4 document Bundle (entries retired as entered in error left out). */
export function exportIps (nb: Notebook): Json {
  const timestamp = isoSeconds(nb.now())
  const all = nb.query()
  const chosen = SECTIONS.map(s => s.pick(all))
  // The hospitals' patient records give the document's Patient its name and birth date; they are not listed themselves.
  const exported = exportResources(nb, [...all.filter(e => e.type === 'patient'), ...chosen.flat()])
  const [patient, ...rest] = exported as [Exported, ...Exported[]]
  const subject = { reference: patient.fullUrl }
  const patientUrls = new Set([patient.fullUrl, ...rest.filter(x => x.entry?.type === 'patient').map(x => x.fullUrl)])
  const resources = rest.filter(x => x.entry?.type !== 'patient')
  const inDocument = new Set([patient.fullUrl, ...resources.map(x => x.fullUrl)])
  const byEntry = new Map(resources.filter(x => x.entry !== undefined).map(x => [x.entry?.id as string, x]))
  const extra: Array<{ fullUrl: string, resource: Json }> = []
  const sections = SECTIONS.flatMap((s, i) => {
    const items = (chosen[i] as Entry[]).map(e => byEntry.get(e.id) as Exported)
    if (items.length === 0 && s.absent === undefined) return []
    const listed = items.length > 0 ? items.map(x => ({ fullUrl: x.fullUrl, name: nameOf(x.entry as Entry) })) : [noInformation(s, subject, nb, extra)]
    return [{
      title: s.title,
      code: { coding: [{ system: LOINC, code: s.code, display: s.display }] },
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><ul>${listed.map(x => `<li>${escape(x.name)}</li>`).join('')}</ul></div>` },
      entry: listed.map(x => ({ reference: x.fullUrl }))
    }]
  })
  const composition = {
    resourceType: 'Composition',
    id: uuidFor(nb.id, `ips/${timestamp}`),
    status: 'final',
    type: { coding: [{ system: LOINC, code: '60591-5', display: 'Patient summary Document' }] },
    subject,
    date: timestamp,
    author: [subject],
    title: 'International Patient Summary',
    confidentiality: 'N',
    section: sections
  }
  const inDoc = new Set([...inDocument, ...extra.map(x => x.fullUrl)])
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${uuidFor(nb.id, `ips-bundle/${timestamp}`)}` },
    type: 'document',
    timestamp,
    entry: [
      { fullUrl: `urn:uuid:${composition.id}`, resource: composition },
      // The hospitals' records it links to are not in the document.
      { fullUrl: patient.fullUrl, resource: (({ link: _link, ...rest }) => rest)(patient.resource) },
      ...resources.map(x => ({ fullUrl: x.fullUrl, resource: resolved(x.resource, subject, patientUrls, inDoc) })),
      ...extra
    ]
  }
}

// The resource that says a required section has no information, added to the document once.
function noInformation (s: Section, subject: Json, nb: Notebook, extra: Array<{ fullUrl: string, resource: Json }>): { fullUrl: string, name: string } {
  const id = uuidFor(nb.id, `ips/absent/${s.code}`)
  const resource = { ...(s.absent as NonNullable<Section['absent']>)(subject), id }
  extra.push({ fullUrl: `urn:uuid:${id}`, resource })
  return { fullUrl: `urn:uuid:${id}`, name: `No information (${s.title.toLowerCase()})` }
}

// A copy of `resource` whose references all resolve in the document: its subject or patient is the
// document's Patient; a reference to anything else outside the document keeps only its display, or goes.
function resolved (resource: FhirResource, subject: Json, patients: Set<string>, inDocument: Set<string>): Json {
  const visit = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) return value.map(v => visit(v, false)).filter(v => v !== undefined)
    if (typeof value !== 'object' || value === null) return value
    const o = value as Json
    if (typeof o.reference === 'string') {
      if (patients.has(o.reference) || inDocument.has(o.reference)) return patients.has(o.reference) ? { ...o, reference: subject.reference } : o
      const { reference: _r, ...rest } = o
      return typeof rest.display === 'string' ? rest : undefined
    }
    const out: Json = {}
    for (const [k, v] of Object.entries(o)) {
      const next = top && (k === 'subject' || k === 'patient') ? subject : visit(v, false)
      if (next !== undefined && !(Array.isArray(next) && next.length === 0)) out[k] = next
    }
    return out
  }
  return visit(resource, true) as Json
}

// The most recent entry for each code (a vital kind, or an observation's code).
function latest (entries: Entry[]): Entry[] {
  const newest = new Map<string, Entry>()
  for (const e of entries) {
    const key = e.type === 'vital' ? e.kind : e.type === 'observation' ? `${e.code.system ?? ''}|${e.code.code ?? e.code.text}` : e.id
    const seen = newest.get(key)
    if (seen === undefined || instantOf(e.at) >= instantOf(seen.at)) newest.set(key, e)
  }
  return [...newest.values()].sort((a, b) => instantOf(a.at) - instantOf(b.at))
}

// What a narrative line says about an entry.
function nameOf (e: Entry): string {
  const when = e.at.slice(0, 10)
  switch (e.type) {
    case 'allergy': return `${e.code.text}${e.criticality === undefined ? '' : ` (${e.criticality} criticality)`}${e.reaction === undefined ? '' : `: ${e.reaction}`}`
    case 'medication': return `${e.medication.text}${e.dosage === undefined ? '' : `, ${e.dosage}`} (${e.status})`
    case 'prescription': return `${e.medication.text}${e.dosage?.[0]?.text === undefined ? '' : `, ${e.dosage[0].text}`} (${e.status}, prescribed ${when})`
    case 'condition': return `${e.code.text} (since ${when})`
    case 'immunization': return `${e.vaccine.text} (${when})`
    case 'vital': return `${e.kind === 'bp' ? `blood pressure ${e.systolic}/${e.diastolic} mm[Hg]` : `${e.kind} ${e.value}`} (${when})`
    case 'observation': return `${e.code.text}: ${valueText(e.value)}${typeof e.value === 'number' ? ` ${e.unit ?? e.unitText ?? ''}`.trimEnd() : ''} (${when})`
    default: return `${e.type} (${when})`
  }
}

function valueText (value: number | string | Concept | undefined): string {
  return value === undefined ? 'no value' : typeof value === 'object' ? value.text : String(value)
}

function absent (code: string, display: string): Json {
  return { coding: [{ system: ABSENT_UNKNOWN, code, display }], text: display }
}

function escape (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
