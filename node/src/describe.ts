// Words for entries: what `techo show` prints and what the audit log says was written.
import { VITALS, type Entry } from '@techo/notebook'

/** The entry's subject, e.g. "Blood pressure", "Allergy", "Condition". */
export function entryWhat (e: Entry): string {
  switch (e.type) {
    case 'vital': return VITALS[e.kind].label
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
export function entryValue (e: Entry): string {
  switch (e.type) {
    case 'vital': {
      const unit = VITALS[e.kind].unitText
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
export function describeEntry (e: Entry): string {
  return `${entryWhat(e).toLowerCase()} ${entryValue(e)} at ${e.at}`
}

function firstWords (text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 48 ? line.slice(0, 47) + '…' : line
}
