// The vital signs the notebook knows: their LOINC codes, UCUM units and plausible ranges, and the
// one validator every reading passes through (typed API, CLI parser, FHIR import, amend).
import type { Fail } from './errors.js'
import { checkTime, isoSeconds } from './time.js'
import { VITAL_KINDS, type VitalData, type VitalKind } from './types.js'

export interface Measure {
  field: 'value' | 'systolic' | 'diastolic'
  /** Name used in messages ("Systolic pressure 300 mm[Hg] is out of range (50–260)."). */
  label: string
  min: number
  max: number
  integer?: boolean
  /** LOINC code and display of a panel component (blood pressure only). */
  component?: { code: string, display: string }
}

export interface VitalSpec {
  /** Name used in messages about the reading as a whole. */
  label: string
  code: string
  display: string
  /** The UCUM unit readings are stored in; `units` lists every UCUM code accepted as that unit. */
  unit: string
  units: readonly string[]
  unitText: string
  category: 'vital-signs' | 'laboratory' | 'activity'
  measures: readonly Measure[]
  example: string
}

/** The table of known vital signs, by kind. */
export const VITALS: Readonly<Record<VitalKind, VitalSpec>> = {
  bp: {
    label: 'Blood pressure',
    code: '85354-9',
    display: 'Blood pressure panel with all children optional',
    unit: 'mm[Hg]',
    units: ['mm[Hg]'],
    unitText: 'mmHg',
    category: 'vital-signs',
    measures: [
      { field: 'systolic', label: 'Systolic pressure', min: 50, max: 260, component: { code: '8480-6', display: 'Systolic blood pressure' } },
      { field: 'diastolic', label: 'Diastolic pressure', min: 30, max: 160, component: { code: '8462-4', display: 'Diastolic blood pressure' } }
    ],
    example: 'bp 120/80'
  },
  temp: {
    label: 'Body temperature', code: '8310-5', display: 'Body temperature', unit: 'Cel', units: ['Cel'], unitText: '°C', category: 'vital-signs',
    measures: [{ field: 'value', label: 'Body temperature', min: 25, max: 45 }], example: 'temp 36.8'
  },
  pulse: {
    label: 'Heart rate', code: '8867-4', display: 'Heart rate', unit: '/min', units: ['/min'], unitText: 'beats/min', category: 'vital-signs',
    measures: [{ field: 'value', label: 'Heart rate', min: 20, max: 250 }], example: 'pulse 72'
  },
  weight: {
    label: 'Body weight', code: '29463-7', display: 'Body weight', unit: 'kg', units: ['kg'], unitText: 'kg', category: 'vital-signs',
    measures: [{ field: 'value', label: 'Body weight', min: 0.5, max: 500 }], example: 'weight 64.2'
  },
  spo2: {
    label: 'Oxygen saturation', code: '2708-6', display: 'Oxygen saturation in Arterial blood', unit: '%', units: ['%'], unitText: '%', category: 'vital-signs',
    measures: [{ field: 'value', label: 'Oxygen saturation', min: 50, max: 100 }], example: 'spo2 98'
  },
  glucose: {
    label: 'Blood glucose', code: '2339-0', display: 'Glucose [Mass/volume] in Blood', unit: 'mg/dL', units: ['mg/dL'], unitText: 'mg/dL', category: 'laboratory',
    measures: [{ field: 'value', label: 'Blood glucose', min: 10, max: 1000 }], example: 'glucose 95'
  },
  steps: {
    label: 'Steps', code: '41950-7', display: 'Number of steps in 24 hour Measured', unit: '/d', units: ['/d', '{steps}', '{steps}/d'], unitText: 'steps/day', category: 'activity',
    measures: [{ field: 'value', label: 'Steps', min: 0, max: 200_000, integer: true }], example: 'steps 8000'
  }
}

/** Returns the kind a LOINC code and UCUM unit denote, or undefined when they are not a known vital sign in its unit. */
export function vitalKindOf (code: string, unit: string): VitalKind | undefined {
  return VITAL_KINDS.find(kind => VITALS[kind].code === code && VITALS[kind].units.includes(unit))
}

/**
 * Returns the stored form of a reading if every field is plausible; calls `fail` naming the first bad field otherwise.
 * Its time must be a date-time with a zone unless `precise` is false (a reading imported with only a date).
 */
export function validateVital (input: Record<string, unknown>, now: number, fail: Fail, precise = true): VitalData {
  const kind = input.kind
  if (typeof kind !== 'string' || !(VITAL_KINDS as readonly string[]).includes(kind)) {
    return fail('kind', `Unknown kind of reading ${JSON.stringify(kind)}; use one of ${VITAL_KINDS.join(', ')}.`)
  }
  const spec = VITALS[kind as VitalKind]
  if (input.unit !== undefined && !spec.units.includes(input.unit as string)) {
    return fail('unit', `${spec.label} unit ${JSON.stringify(input.unit)} is not accepted; use ${spec.unit} (${spec.unitText}).`)
  }
  const values: Record<string, number> = {}
  for (const m of spec.measures) values[m.field] = checkMeasure(spec, m, input[m.field], fail)
  const at = checkTime(input.at ?? isoSeconds(new Date(now)), 'at', { label: 'Reading time', precise, now }, fail)
  if (kind === 'bp') {
    const { systolic, diastolic } = values as { systolic: number, diastolic: number }
    if (systolic <= diastolic) {
      return fail('systolic', `Systolic pressure ${systolic} mm[Hg] must be higher than diastolic pressure ${diastolic} mm[Hg].`)
    }
    return { type: 'vital', kind, systolic, diastolic, at }
  }
  return { type: 'vital', kind: kind as Exclude<VitalKind, 'bp'>, value: values.value as number, at }
}

function checkMeasure (spec: VitalSpec, m: Measure, value: unknown, fail: Fail): number {
  const range = `(${m.min}–${m.max})`
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(m.field, notANumber(spec, m.field, typeof value === 'number' ? String(value) : String(JSON.stringify(value))))
  }
  if (value < m.min || value > m.max) {
    return fail(m.field, `${m.label} ${value} ${spec.unit} is out of range ${range}${hint(spec, value)}.`)
  }
  if (m.integer === true && !Number.isInteger(value)) {
    return fail(m.field, `${m.label} ${value} must be a whole number ${range}.`)
  }
  return value
}

/** Returns the message for a reading field that is not a number, showing the value as given. */
export function notANumber (spec: VitalSpec, field: Measure['field'], shown: string): string {
  const m = spec.measures.find(x => x.field === field) as Measure
  return `${m.label} ${shown} is not a number; enter ${spec.unitText} (${m.min}–${m.max}), e.g. ${spec.example}.`
}

// The two slips people make most: Fahrenheit thermometers and mmol/L glucose meters.
function hint (spec: VitalSpec, value: number): string {
  if (spec === VITALS.temp && value >= 80 && value <= 115) {
    return `; it looks like Fahrenheit, so enter it in Celsius: temp ${((value - 32) * 5 / 9).toFixed(1)}`
  }
  if (spec === VITALS.glucose && value >= 1 && value < 10) {
    return `; it looks like mmol/L, so enter it in mg/dL: glucose ${Math.round(value * 18.016)}`
  }
  return ''
}
