// A prescription (FHIR MedicationRequest): one entry type for those a clinic writes and those
// imported from hospitals. The drug, how to take it, how much to dispense, who prescribed it, when.
import type { Fail } from './errors.js'
import { concept, count, end, optConcept, optional, quantity, text, time } from './fields.js'
import { PERIOD_UNITS, PRESCRIPTION_INTENTS, PRESCRIPTION_STATUSES, type Dosage, type PrescriptionData } from './types.js'

type Input = Record<string, unknown>

const MAX_DOSAGE_LINES = 20
const MAX_REFILLS = 99
const MAX_SUPPLY_DAYS = 3660

/** Returns a prescription entry if it is well formed (status active and intent order by default; `end` not before `start`). */
export function validatePrescription (input: Input, now: number, fail: Fail): PrescriptionData {
  const out: PrescriptionData = {
    type: 'prescription',
    at: time(input.at, 'at', 'Prescription date', now, fail),
    medication: concept(input.medication, 'medication', 'Medication', fail),
    status: optional(input.status, 'status', 'Prescription status', PRESCRIPTION_STATUSES, fail) ?? 'active',
    intent: optional(input.intent, 'intent', 'Prescription intent', PRESCRIPTION_INTENTS, fail) ?? 'order'
  }
  if (input.dosage !== undefined) {
    const lines = input.dosage
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_DOSAGE_LINES) {
      return fail('dosage', `Dosage must be a list of 1 to ${MAX_DOSAGE_LINES} instructions.`)
    }
    out.dosage = lines.map((line: unknown, i) => dosage(line, `dosage[${i}]`, fail))
  }
  const amount = quantity(input.quantity, 'quantity', 'Quantity to dispense', fail)
  if (amount !== undefined) out.quantity = amount
  const refills = count(input.refills, 'refills', 'Refills', 0, MAX_REFILLS, fail)
  if (refills !== undefined) out.refills = refills
  const supplyDays = count(input.supplyDays, 'supplyDays', 'Days of supply', 1, MAX_SUPPLY_DAYS, fail)
  if (supplyDays !== undefined) out.supplyDays = supplyDays
  // Validity dates may lie ahead (a prescription valid for the next 90 days).
  if (input.start !== undefined) out.start = time(input.start, 'start', 'Valid from', Infinity, fail)
  if (input.end !== undefined) out.end = end(input.end, 'end', 'Valid until', out.start ?? out.at, Infinity, fail)
  if (input.prescriber !== undefined) out.prescriber = text(input.prescriber, 'prescriber', 'Prescriber', 200, fail)
  const reason = optConcept(input.reason, 'reason', 'Reason', fail)
  if (reason !== undefined) out.reason = reason
  return out
}

// One dosage line: free text, structured, or both; a frequency needs its period and unit.
function dosage (value: unknown, field: string, fail: Fail): Dosage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(field, 'A dosage instruction must be an object, e.g. { text: "1 tablet twice a day" }.')
  const d = value as Input
  const out: Dosage = {}
  if (d.text !== undefined) out.text = text(d.text, `${field}.text`, 'Dosage instructions', 500, fail)
  const dose = quantity(d.dose, `${field}.dose`, 'Dose', fail)
  if (dose !== undefined) out.dose = dose
  const route = optConcept(d.route, `${field}.route`, 'Route', fail)
  if (route !== undefined) out.route = route
  const frequency = count(d.frequency, `${field}.frequency`, 'Frequency', 1, 1000, fail)
  if (frequency !== undefined) {
    out.frequency = frequency
    if (typeof d.period !== 'number' || !Number.isFinite(d.period) || d.period <= 0) {
      return fail(`${field}.period`, `A frequency of ${frequency} needs the period it is counted over, a number above 0 (e.g. 2 per 1 d).`)
    }
    out.period = d.period
    const unit = optional(d.periodUnit, `${field}.periodUnit`, 'Period unit', PERIOD_UNITS, fail)
    if (unit === undefined) return fail(`${field}.periodUnit`, `A frequency needs its period unit, one of ${PERIOD_UNITS.join(', ')}.`)
    out.periodUnit = unit
  } else if (d.period !== undefined || d.periodUnit !== undefined) {
    return fail(`${field}.frequency`, 'A dosage period needs a frequency (how many times per period).')
  }
  if (d.asNeeded !== undefined) {
    if (typeof d.asNeeded !== 'boolean') return fail(`${field}.asNeeded`, 'As needed must be true or false.')
    out.asNeeded = d.asNeeded
  }
  if (Object.keys(out).length === 0) return fail(field, 'A dosage instruction needs text, a dose, a route or a frequency.')
  return out
}
