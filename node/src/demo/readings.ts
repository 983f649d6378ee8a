// The demo patient's month: plausible morning readings (blood pressure, pulse, temperature, weight
// every third day, steps in the evening), an allergy and a medication.
import { type VitalInput } from '@techo/notebook'
import { type EntryInputs } from '../access/notebook-access.js'

const DAY_MS = 24 * 60 * 60 * 1000

/** The readings of the `days` days before `now`, oldest first. */
export function demoReadings (days: number, now: number = Date.now()): VitalInput[] {
  const readings: VitalInput[] = []
  for (let d = 0; d < days; d++) {
    const morning = new Date(now - (days - d) * DAY_MS).toISOString().slice(0, 10) + 'T07:30:00+09:00'
    const wave = Math.sin(d / 4)
    readings.push(
      { kind: 'bp', systolic: Math.round(122 + 6 * wave), diastolic: Math.round(79 + 4 * wave), at: morning },
      { kind: 'pulse', value: Math.round(66 + 5 * Math.cos(d / 3)), at: morning },
      { kind: 'temp', value: Math.round((36.5 + 0.2 * wave) * 10) / 10, at: morning },
      { kind: 'steps', value: 6000 + ((d * 1379) % 5000), at: morning.replace('07:30', '21:00') }
    )
    if (d % 3 === 0) readings.push({ kind: 'weight', value: Math.round((64.8 - d * 0.03) * 10) / 10, at: morning })
  }
  return readings
}

/** The demo patient's allergy and medication. */
export const DEMO_ENTRIES: { allergy: EntryInputs['allergy'], medication: EntryInputs['medication'] } = {
  allergy: { code: 'peanut', criticality: 'high', reaction: 'hives' },
  medication: { medication: 'loratadine 10 mg', dosage: 'once daily' }
}
