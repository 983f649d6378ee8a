// FHIR MedicationRequest → prescription, MedicationStatement → medication. A medicine named by
// reference (medicationReference) is resolved to the Medication in the same bundle, which is kept
// beside the entry so export gives both back. Structured dosage (timing, dose, route, as needed) is
// read from every dosage instruction, not only its text.
import { validateMedication } from './entries.js'
import { failAt, type MapContext, type Mapped } from './fhir-map.js'
import type { Indexed } from './fhir-identity.js'
import { bundleError, child, concept, display, firstConcept, firstTime, num, obj, optConcept, optObj, optObjs, optText, type Json } from './fhir-read.js'
import { UCUM } from './fhir-systems.js'
import { validatePrescription } from './prescription.js'
import type { Concept, Dosage, Quantity } from './types.js'

/** Maps a MedicationRequest onto a prescription. */
export function medicationRequest (r: Json, p: string, ctx: MapContext): Mapped {
  const { medication, related, path: mp } = medicine(r, p, ctx)
  const time = firstTime(r, p, [['authoredOn'], ['dispenseRequest', 'validityPeriod', 'start']])
  if (time === undefined) throw bundleError(p, 'it has no date (authoredOn).')
  const dp = child(p, 'dispenseRequest')
  const dispense = optObj(r, 'dispenseRequest', p) ?? {}
  const validity = optObj(dispense, 'validityPeriod', dp) ?? {}
  const supply = optObj(dispense, 'expectedSupplyDuration', dp)
  const supplyDays = supply !== undefined && (supply.code ?? supply.unit) === 'd' && Number.isInteger(supply.value) ? supply.value : undefined
  const input = {
    medication,
    status: r.status,
    intent: r.intent,
    dosage: dosages(r, 'dosageInstruction', p),
    quantity: quantityOf(optObj(dispense, 'quantity', dp), child(dp, 'quantity')),
    refills: dispense.numberOfRepeatsAllowed,
    supplyDays,
    start: validity.start,
    end: validity.end,
    prescriber: display(r, 'requester', p),
    reason: firstConcept(r, 'reasonCode', p) ?? reasonDisplay(r, p),
    at: time.value
  }
  const paths = {
    medication: mp, status: child(p, 'status'), intent: child(p, 'intent'), dosage: child(p, 'dosageInstruction'), quantity: child(dp, 'quantity'),
    refills: child(dp, 'numberOfRepeatsAllowed'), supplyDays: child(dp, 'expectedSupplyDuration'), start: child(child(dp, 'validityPeriod'), 'start'),
    end: child(child(dp, 'validityPeriod'), 'end'), prescriber: child(p, 'requester'), reason: child(p, 'reasonCode'), at: time.path
  }
  return { data: validatePrescription(input, ctx.now, failAt(paths, p)), related }
}

/** Maps a MedicationStatement onto a medication entry. */
export function medicationStatement (r: Json, p: string, ctx: MapContext): Mapped {
  const { medication, related, path: mp } = medicine(r, p, ctx)
  const time = firstTime(r, p, [['effectiveDateTime'], ['effectivePeriod', 'start'], ['dateAsserted']])
  const until = firstTime(r, p, [['effectivePeriod', 'end']])
  const text = dosages(r, 'dosage', p)?.map(d => d.text ?? describeDosage(d)).join('; ')
  const input = { medication, status: r.status, dosage: text, until: until?.value, at: time?.value }
  const paths = { medication: mp, status: child(p, 'status'), dosage: child(p, 'dosage'), until: until?.path, at: time?.path }
  return { data: validateMedication(input, ctx.now, failAt(paths, p)), related }
}

// The medicine as a concept, from medicationCodeableConcept or the Medication a reference names.
function medicine (r: Json, p: string, ctx: MapContext): { medication: Concept, related?: Indexed[], path: string } {
  if (r.medicationCodeableConcept !== undefined) {
    const path = child(p, 'medicationCodeableConcept')
    return { medication: concept(obj(r.medicationCodeableConcept, path), path), path }
  }
  const path = child(p, 'medicationReference')
  const ref = obj(r.medicationReference, path)
  const target = ctx.resolve(ref)
  if (target?.type === 'Medication') {
    const code = optConcept(target.resource, 'code', target.path)
    if (code === undefined) throw bundleError(child(target.path, 'code'), 'the Medication this prescription names has no code or name.')
    return { medication: code, related: [target], path }
  }
  const name = optText(ref, 'display', path)
  if (name === undefined) throw bundleError(path, `it names its medication by a reference (${String(ref.reference)}) to no Medication in this bundle, and gives no name.`)
  return { medication: { text: name }, path }
}

// Every dosage instruction that says something: its text, dose, route, frequency and whether as needed.
function dosages (r: Json, key: string, p: string): Dosage[] | undefined {
  const lines = optObjs(r, key, p).map((d, i) => dosage(d, child(child(p, key), i))).filter(d => Object.keys(d).length > 0)
  return lines.length === 0 ? undefined : lines
}

function dosage (d: Json, p: string): Dosage {
  const out: Dosage = {}
  const text = optText(d, 'text', p)
  if (text !== undefined) out.text = text
  const rate = optObjs(d, 'doseAndRate', p)[0]
  const dose = rate === undefined ? undefined : quantityOf(optObj(rate, 'doseQuantity', child(child(p, 'doseAndRate'), 0)), child(child(child(p, 'doseAndRate'), 0), 'doseQuantity'))
  if (dose !== undefined) out.dose = dose
  const route = optConcept(d, 'route', p)
  if (route !== undefined) out.route = route
  const tp = child(child(p, 'timing'), 'repeat')
  const repeat = optObj(optObj(d, 'timing', p) ?? {}, 'repeat', child(p, 'timing'))
  // A frequency counts only with the period it is counted over.
  if (repeat?.frequency !== undefined && repeat.period !== undefined && repeat.periodUnit !== undefined) {
    out.frequency = num(repeat.frequency, child(tp, 'frequency'))
    out.period = num(repeat.period, child(tp, 'period'))
    out.periodUnit = repeat.periodUnit as Dosage['periodUnit']
  }
  if (typeof d.asNeededBoolean === 'boolean') out.asNeeded = d.asNeededBoolean
  else if (d.asNeededCodeableConcept !== undefined) out.asNeeded = true
  return out
}

function quantityOf (q: Json | undefined, qp: string): Quantity | undefined {
  if (q?.value === undefined) return undefined
  const value = num(q.value, child(qp, 'value'))
  const unit = optText(q, 'system', qp) === UCUM ? optText(q, 'code', qp) : optText(q, 'unit', qp) ?? optText(q, 'code', qp)
  return unit === undefined ? { value } : { value, unit }
}

function reasonDisplay (r: Json, p: string): Concept | undefined {
  const name = optObjs(r, 'reasonReference', p).map((ref, i) => optText(ref, 'display', child(child(p, 'reasonReference'), i))).find(x => x !== undefined)
  return name === undefined ? undefined : { text: name }
}

/** Returns a structured dosage line in words, e.g. "1 tablet, 2 times per 1 d, as needed". */
export function describeDosage (d: Dosage): string {
  return [
    d.dose === undefined ? undefined : `${d.dose.value}${d.dose.unit === undefined ? '' : ` ${d.dose.unit}`}`,
    d.route?.text,
    d.frequency === undefined ? undefined : `${d.frequency} × per ${d.period === 1 ? '' : `${d.period ?? ''} `}${d.periodUnit ?? ''}`,
    d.asNeeded === true ? 'as needed' : undefined
  ].filter(x => x !== undefined).join(', ')
}
