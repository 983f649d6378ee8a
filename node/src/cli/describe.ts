// Words for entries: what `techo show` prints and what the audit log says was written. The vital
// signs' names and units come from whoever holds the notebook (`NotebookAccess.vitalKinds`), so a
// command served by a daemon needs none of the notebook's code.
import type { Component, Concept, Dosage, Entry, VitalKind, VitalSpec } from '@techo/notebook'

/** The names and units of the vital signs, by kind: the notebook's VITALS table or the part of it words need. */
export type VitalWords = Readonly<Record<VitalKind, Pick<VitalSpec, 'label' | 'unitText'>>>

const WHAT: Readonly<Record<Exclude<Entry['type'], 'vital' | 'observation'>, string>> = {
  allergy: 'Allergy',
  condition: 'Condition',
  medication: 'Medication',
  prescription: 'Prescription',
  immunization: 'Immunization',
  procedure: 'Procedure',
  report: 'Report',
  encounter: 'Visit',
  careplan: 'Care plan',
  imaging: 'Imaging',
  patient: 'Patient record',
  note: 'Note',
  document: 'Document',
  consent: 'Consent'
}

/** The entry's subject, e.g. "Blood pressure", "Allergy", "Visit". */
export function entryWhat (e: Entry, vitals: VitalWords): string {
  if (e.type === 'vital') return vitals[e.kind].label
  if (e.type === 'observation') return e.code.text
  return WHAT[e.type]
}

/** The entry's content in a few words, e.g. "120/80 mmHg", "peanut (high criticality)"; a flagged entry says why. */
export function entryValue (e: Entry, vitals: VitalWords): string {
  const flag = e.source?.issues === undefined ? '' : ` [flagged: ${e.source.issues.join('; ')}]`
  return content(e, vitals) + flag
}

function content (e: Entry, vitals: VitalWords): string {
  switch (e.type) {
    case 'vital': {
      const unit = vitals[e.kind].unitText
      return e.kind === 'bp' ? `${e.systolic}/${e.diastolic} ${unit}` : `${e.value} ${unit}`.trimEnd()
    }
    case 'observation': return e.components === undefined ? measured(e) : [e.value === undefined ? undefined : measured(e), ...e.components.map(c => `${c.code.text} ${measured(c)}`)].filter(x => x !== undefined).join('; ')
    case 'allergy': return e.code.text + (e.criticality === undefined ? '' : ` (${e.criticality} criticality)`)
    case 'condition': return `${e.code.text} (${e.status})`
    case 'medication': return e.medication.text + (e.dosage === undefined ? '' : `, ${e.dosage}`) + ` (${e.status})`
    case 'prescription': return [e.medication.text, ...(e.dosage ?? []).map(dosageWords), e.prescriber === undefined ? undefined : `by ${e.prescriber}`].filter(x => x !== undefined && x !== '').join(', ') + ` (${e.status})`
    case 'immunization': return `${e.vaccine.text}${e.status === 'completed' ? '' : ` (${e.status})`}`
    case 'procedure': return `${e.code.text}${e.status === 'completed' ? '' : ` (${e.status})`}`
    case 'report': return `${e.code.text}${e.results === undefined ? '' : `, ${e.results.length} ${e.results.length === 1 ? 'result' : 'results'}`}`
    case 'encounter': return [e.code.text, e.class, e.provider].filter(x => x !== undefined).join(', ')
    case 'careplan': return `${e.code.text} (${e.status})${e.activities === undefined ? '' : `: ${e.activities.map(a => a.text).join(', ')}`}`
    case 'imaging': return `${(e.modality ?? []).map(m => m.text).join(', ') || 'study'}${e.bodySite === undefined ? '' : ` of ${e.bodySite.text}`}, ${e.instances} images`
    case 'patient': return [e.name, e.gender, e.birthDate === undefined ? undefined : `born ${e.birthDate}`].filter(x => x !== undefined).join(', ')
    case 'note': return e.title ?? firstWords(e.text)
    case 'document': return `${e.title} (${e.contentType}, ${e.size} bytes)`
    // An event, not a state: the grant row stays true after a revoke, which is a row of its own.
    case 'consent': return e.status === 'revoked' ? `revoked the access of clinic ${e.clinic}` : `granted clinic ${e.clinic} ${e.scope} access until ${e.expires}`
  }
}

/** One line naming the entry, for messages and the audit log. */
export function describeEntry (e: Entry, vitals: VitalWords): string {
  return `${entryWhat(e, vitals).toLowerCase()} ${content(e, vitals)} at ${e.at}`
}

// A value with its unit: "5.2 mmol/L", "Positive", "no value".
function measured (v: Omit<Component, 'code'>): string {
  if (v.value === undefined) return 'no value'
  if (typeof v.value === 'object') return (v.value as Concept).text
  return `${v.value} ${v.unit ?? v.unitText ?? ''}`.trimEnd()
}

// "1 tablet twice a day" as written, else what the structured fields say: "1 mg, 2× per 1 d, as needed".
function dosageWords (d: Dosage): string {
  if (d.text !== undefined) return d.text
  const dose = d.dose === undefined ? [] : [`${d.dose.value}${d.dose.unit === undefined ? '' : ' ' + d.dose.unit}`]
  const often = d.frequency === undefined ? [] : [`${d.frequency}× per ${d.period ?? 1} ${d.periodUnit ?? ''}`.trimEnd()]
  return [...dose, ...(d.route === undefined ? [] : [d.route.text]), ...often, ...(d.asNeeded === true ? ['as needed'] : [])].join(' ')
}

function firstWords (text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 48 ? line.slice(0, 47) + '…' : line
}
