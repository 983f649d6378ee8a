// Turns what a person types (`bp 120/80`, `temp 36.8`, `weight 64.2kg`) into a validated VitalInput.
import { NotebookError, failWith } from './errors.js'
import type { VitalInput, VitalKind } from './types.js'
import { VITALS, notANumber, validateVital, type Measure } from './vitals.js'

const KIND_ALIASES: Readonly<Record<string, VitalKind>> = {
  bp: 'bp', 'blood-pressure': 'bp', bloodpressure: 'bp', pressure: 'bp',
  temp: 'temp', temperature: 'temp', 'body-temperature': 'temp',
  pulse: 'pulse', hr: 'pulse', 'heart-rate': 'pulse', heartrate: 'pulse',
  weight: 'weight', wt: 'weight', 'body-weight': 'weight',
  spo2: 'spo2', sao2: 'spo2', o2: 'spo2', oxygen: 'spo2', saturation: 'spo2',
  glucose: 'glucose', 'blood-glucose': 'glucose', sugar: 'glucose', 'blood-sugar': 'glucose', bg: 'glucose',
  steps: 'steps', step: 'steps'
}

// Unit spellings people may type after a value, by kind: a suffix is checked, never converted.
const UNIT_SPELLINGS: Readonly<Record<VitalKind, readonly string[]>> = {
  bp: ['mmhg', 'mm[hg]'],
  temp: ['c', '°c', 'cel', 'celsius'],
  pulse: ['bpm', '/min'],
  weight: ['kg', 'kgs'],
  spo2: ['%'],
  glucose: ['mg/dl'],
  steps: ['steps', 'step', '/d']
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/
// A number-looking head and whatever follows it (the unit, if any).
const NUMBER_AND_UNIT = /^([+-]?[\d.,]+)\s*(.*)$/
const bad = failWith('ERR_BAD_READING')

/** Parses `<kind> <text>` as typed on the command line; throws ERR_BAD_READING naming the field, value and allowed range. */
export function parseVital (kind: string, text: string, at?: string): VitalInput {
  const alias = kind.trim().toLowerCase()
  const k = Object.hasOwn(KIND_ALIASES, alias) ? KIND_ALIASES[alias] : undefined
  if (k === undefined) {
    throw new NotebookError('ERR_BAD_READING', `Unknown kind of reading ${JSON.stringify(kind)}; use one of ${Object.keys(VITALS).join(', ')}.`)
  }
  const trimmed = text.trim()
  let input: VitalInput
  if (k === 'bp') {
    const slash = trimmed.indexOf('/')
    if (slash < 0) return bad('systolic', `Blood pressure ${JSON.stringify(text)} is not systolic/diastolic in mm[Hg], e.g. ${VITALS.bp.example}.`)
    const [diastolic, unit] = splitUnit(trimmed.slice(slash + 1).trim())
    checkUnit(k, unit)
    input = { kind: 'bp', systolic: toNumber(k, 'systolic', trimmed.slice(0, slash).trim()), diastolic: toNumber(k, 'diastolic', diastolic) }
  } else {
    const [value, unit] = splitUnit(trimmed)
    checkUnit(k, unit)
    input = { kind: k, value: toNumber(k, 'value', value) }
  }
  if (at !== undefined) input.at = at
  // Validate now so the CLI reports a bad reading before it opens anything; addVital checks again.
  validateVital(input, Date.now(), bad)
  return input
}

function splitUnit (text: string): [string, string] {
  const m = NUMBER_AND_UNIT.exec(text)
  return m === null ? [text, ''] : [m[1] as string, m[2] as string]
}

function toNumber (kind: VitalKind, field: Measure['field'], text: string): number {
  if (NUMBER.test(text)) return Number(text)
  const comma = /^\d+,\d+$/.test(text) ? ' (use a dot for decimals)' : ''
  return bad(field, notANumber(VITALS[kind], field, JSON.stringify(text) + comma))
}

function checkUnit (kind: VitalKind, unit: string): void {
  if (unit === '' || UNIT_SPELLINGS[kind].includes(unit.toLowerCase())) return
  const spec = VITALS[kind]
  bad('unit', `${spec.label} unit ${JSON.stringify(unit)} is not accepted; enter ${spec.unitText}, e.g. ${spec.example}.`)
}
