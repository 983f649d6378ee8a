// Words for entries: what `techo show` prints and what the audit log says was written. The vital
// signs' names and units come from whoever holds the notebook (`NotebookAccess.vitalKinds`), so a
// command served by a daemon needs none of the notebook's code.
import type { Entry, VitalKind, VitalSpec } from '@techo/notebook'

/** The names and units of the vital signs, by kind: the notebook's VITALS table or the part of it words need. */
export type VitalWords = Readonly<Record<VitalKind, Pick<VitalSpec, 'label' | 'unitText'>>>

/** The entry's subject, e.g. "Blood pressure", "Allergy", "Condition". */
export function entryWhat (e: Entry, vitals: VitalWords): string {
  switch (e.type) {
    case 'vital': return vitals[e.kind].label
    case 'observation': return e.code.text
    case 'allergy': return 'Allergy'
    case 'condition': return 'Condition'
    case 'medication': return 'Medication'
    case 'note': return 'Note'
    case 'document': return 'Document'
    case 'consent': return 'Consent'
  }
}

/** The entry's content in a few words, e.g. "120/80 mmHg", "peanut (high criticality)". */
export function entryValue (e: Entry, vitals: VitalWords): string {
  switch (e.type) {
    case 'vital': {
      const unit = vitals[e.kind].unitText
      return e.kind === 'bp' ? `${e.systolic}/${e.diastolic} ${unit}` : `${e.value} ${unit}`.trimEnd()
    }
    case 'observation': return typeof e.value === 'number' ? `${e.value} ${e.unit ?? ''}`.trimEnd() : e.value.text
    case 'allergy': return e.code.text + (e.criticality === undefined ? '' : ` (${e.criticality} criticality)`)
    case 'condition': return `${e.code.text} (${e.status})`
    case 'medication': return e.medication.text + (e.dosage === undefined ? '' : `, ${e.dosage}`) + ` (${e.status})`
    case 'note': return e.title ?? firstWords(e.text)
    case 'document': return `${e.title} (${e.contentType}, ${e.size} bytes)`
    case 'consent': return `${e.scope} access for clinic ${e.clinic} until ${e.expires} (${e.status})`
  }
}

/** One line naming the entry, for messages and the audit log. */
export function describeEntry (e: Entry, vitals: VitalWords): string {
  return `${entryWhat(e, vitals).toLowerCase()} ${entryValue(e, vitals)} at ${e.at}`
}

function firstWords (text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 48 ? line.slice(0, 47) + '…' : line
}
