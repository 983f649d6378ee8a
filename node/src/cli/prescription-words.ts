// A prescription as a doctor types it on the command line (`--dose "5 mg" --frequency 1/d
// --quantity "30 tablet"`), turned into the notebook's structured input. Only the shapes are read
// here; the notebook checks every value and names the field it refuses.
import type { Dosage, PrescriptionInput, Quantity } from '@techo/notebook'
import { CliError, EXIT } from './exit.js'

/** The code system of RxNorm drug codes, as FHIR names it. */
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm'

/** The words `techo add prescription` takes. */
export interface PrescriptionWords {
  rxnorm?: string, dose?: string, route?: string, frequency?: string, asNeeded?: boolean, instructions?: string,
  quantity?: string, refills?: string, supplyDays?: string, start?: string, end?: string, prescriber?: string, reason?: string, status?: string, at?: string
}

/** The notebook input for drug `drug` with these words; a shape that cannot be read is a clear error naming the flag and the input's field. */
export function prescriptionFromWords (drug: string, w: PrescriptionWords): PrescriptionInput {
  const input: PrescriptionInput = { medication: w.rxnorm === undefined ? drug : { text: drug, system: RXNORM, code: w.rxnorm } }
  const dosage: Dosage = {}
  if (w.instructions !== undefined) dosage.text = w.instructions
  if (w.dose !== undefined) dosage.dose = amount(w.dose, '--dose', 'dosage[0].dose', '5 mg')
  if (w.route !== undefined) dosage.route = { text: w.route }
  if (w.frequency !== undefined) Object.assign(dosage, frequency(w.frequency))
  if (w.asNeeded === true) dosage.asNeeded = true
  if (Object.keys(dosage).length > 0) input.dosage = [dosage]
  if (w.quantity !== undefined) input.quantity = amount(w.quantity, '--quantity', 'quantity', '30 tablet')
  if (w.refills !== undefined) input.refills = whole(w.refills, '--refills', 'refills')
  if (w.supplyDays !== undefined) input.supplyDays = whole(w.supplyDays, '--supply-days', 'supplyDays')
  for (const key of ['start', 'end', 'prescriber', 'reason', 'at'] as const) if (w[key] !== undefined) input[key] = w[key]
  if (w.status !== undefined) input.status = w.status as PrescriptionInput['status']
  return input
}

// "5 mg", "30 tablet", "2.5": a number, then an optional unit.
function amount (text: string, flag: string, field: string, example: string): Quantity {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(.*?)\s*$/.exec(text)
  if (m === null) throw new CliError(`${flag} ${JSON.stringify(text)} is not an amount such as "${example}".`, 'ERR_BAD_ENTRY', EXIT.badInput, field)
  return m[2] === '' ? { value: Number(m[1]) } : { value: Number(m[1]), unit: m[2] as string }
}

// "2/d" (twice a day), "1/8h" (every 8 hours), "1/wk": times per period and unit.
function frequency (text: string): Pick<Dosage, 'frequency' | 'period' | 'periodUnit'> {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(s|min|h|d|wk|mo|a)\s*$/.exec(text)
  if (m === null) throw new CliError(`--frequency ${JSON.stringify(text)} is not times per period, such as 2/d (twice a day) or 1/8h (every 8 hours).`, 'ERR_BAD_ENTRY', EXIT.badInput, 'dosage[0].frequency')
  return { frequency: Number(m[1]), period: m[2] === undefined ? 1 : Number(m[2]), periodUnit: m[3] as Dosage['periodUnit'] }
}

function whole (text: string, flag: string, field: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError(`${flag} ${JSON.stringify(text)} is not a whole number.`, 'ERR_BAD_ENTRY', EXIT.badInput, field)
  return Number(text)
}
