// The entry forms the pages offer: a patient records allergies, medications, conditions and notes;
// a clinic with a write grant adds clinical notes, diagnoses, allergies and prescriptions. The
// prescription's words are read as `techo add prescription` reads them, so both say the same.
import type { AllergyCategory, ConditionStatus, Criticality, PrescriptionStatus } from '@techo/notebook'
import { prescriptionFromWords } from '../../src/cli/prescription-words.js'
import type { FieldSpec, FormSpec } from './entry-form.js'

// The choices offered (the notebook's own lists would bring the whole notebook into the page's bundle).
const CRITICALITIES: readonly Criticality[] = ['low', 'high', 'unable-to-assess']
const ALLERGY_CATEGORIES: readonly AllergyCategory[] = ['food', 'medication', 'environment', 'biologic']
const CONDITION_STATUSES: readonly ConditionStatus[] = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved']
const PRESCRIPTION_STATUSES: readonly PrescriptionStatus[] = ['active', 'on-hold', 'completed', 'stopped', 'cancelled', 'draft']

const when: FieldSpec = { name: 'at', label: 'Date', input: 'date', hint: 'leave empty for today' }

const allergy: FormSpec<'allergy'> = {
  kind: 'allergy',
  title: 'Allergy',
  submit: 'Add allergy',
  fields: [
    { name: 'code', label: 'Substance', required: true, paths: ['code'] },
    { name: 'criticality', label: 'Criticality', input: 'select', options: CRITICALITIES },
    { name: 'category', label: 'Category', input: 'select', options: ALLERGY_CATEGORIES },
    { name: 'reaction', label: 'Reaction', hint: 'e.g. hives' },
    when
  ],
  input: v => ({
    code: v.code ?? '',
    ...(v.criticality === undefined ? {} : { criticality: v.criticality as never }),
    ...(v.category === undefined ? {} : { category: v.category as never }),
    ...(v.reaction === undefined ? {} : { reaction: v.reaction }),
    ...(v.at === undefined ? {} : { at: v.at })
  })
}

const medication: FormSpec<'medication'> = {
  kind: 'medication',
  title: 'Medication',
  submit: 'Add medication',
  fields: [
    { name: 'medication', label: 'Medicine', required: true, hint: 'name and strength, e.g. loratadine 10 mg' },
    { name: 'dosage', label: 'How you take it', hint: 'e.g. once daily' },
    when
  ],
  input: v => ({ medication: v.medication ?? '', ...(v.dosage === undefined ? {} : { dosage: v.dosage }), ...(v.at === undefined ? {} : { at: v.at }) })
}

const condition = (title: string, submit: string): FormSpec<'condition'> => ({
  kind: 'condition',
  title,
  submit,
  fields: [
    { name: 'code', label: title === 'Diagnosis' ? 'Diagnosis' : 'Condition', required: true, paths: ['code'] },
    { name: 'status', label: 'Status', input: 'select', options: CONDITION_STATUSES },
    { ...when, label: 'Since' }
  ],
  input: v => ({ code: v.code ?? '', ...(v.status === undefined ? {} : { status: v.status as never }), ...(v.at === undefined ? {} : { at: v.at }) })
})

const note = (title: string): FormSpec<'note'> => ({
  kind: 'note',
  title,
  submit: 'Add note',
  fields: [
    { name: 'title', label: 'Title', hint: 'optional' },
    { name: 'text', label: 'Note', input: 'textarea', required: true }
  ],
  input: v => ({ text: v.text ?? '', ...(v.title === undefined ? {} : { title: v.title }) })
})

const prescription: FormSpec<'prescription'> = {
  kind: 'prescription',
  title: 'Prescription',
  submit: 'Prescribe',
  fields: [
    { name: 'drug', label: 'Drug', required: true, hint: 'name and strength, e.g. amlodipine 5 mg tablet', paths: ['medication'] },
    { name: 'rxnorm', label: 'RxNorm code', hint: 'where known', paths: ['medication.code', 'medication.system'] },
    { name: 'dose', label: 'Dose', hint: 'e.g. 1 tablet', paths: ['dosage[0].dose'] },
    { name: 'frequency', label: 'How often', hint: 'times per period: 1/d, 2/d, 1/8h', paths: ['dosage[0].frequency', 'dosage[0].period', 'dosage[0].periodUnit'] },
    { name: 'instructions', label: 'Instructions', hint: 'e.g. after breakfast', paths: ['dosage[0].text', 'dosage'] },
    { name: 'quantity', label: 'Quantity', hint: 'e.g. 30 tablet' },
    { name: 'refills', label: 'Refills', input: 'number' },
    { name: 'prescriber', label: 'Prescriber', required: true },
    { name: 'status', label: 'Status', input: 'select', options: PRESCRIPTION_STATUSES }
  ],
  input: ({ drug, ...words }) => prescriptionFromWords(drug ?? '', words)
}

/** The forms on a patient's own page. */
export const PATIENT_FORMS: readonly FormSpec[] = [allergy, medication, condition('Condition', 'Add condition'), note('Note')]

/** The forms a clinic with a write grant gets on a patient's notebook. */
export const CLINIC_FORMS: readonly FormSpec[] = [note('Clinical note'), condition('Diagnosis', 'Add diagnosis'), allergy, prescription]
