// FHIR Observation → a vital-sign reading when it is one of the notebook's vital signs in its unit
// with plausible values, otherwise a generic observation: a number with its unit, text, a concept, a
// panel of components, or nothing (recorded without a value). A vital sign with implausible values
// (a blood pressure of 82/97) is kept as it came, as a generic observation flagged with the reason.
import { validateObservation, OBSERVATION_CATEGORIES } from './entries.js'
import { NotebookError } from './errors.js'
import { LOINC, OBSERVATION_CATEGORY, UCUM } from './fhir-systems.js'
import { failAt, type MapContext, type Mapped } from './fhir-map.js'
import { bundleError, child, codings, concept, firstTime, num, obj, optObj, optObjs, optText, text, type Json, type Timed } from './fhir-read.js'
import type { Component } from './types.js'
import { VITALS, validateVital, vitalKindOf } from './vitals.js'

type Value = Omit<Component, 'code'>

/** Maps an Observation; throws ERR_BAD_BUNDLE naming the path of what cannot be read. */
export function observation (r: Json, p: string, ctx: MapContext): Mapped {
  const cp = child(p, 'code')
  const codeObj = obj(r.code, cp)
  const code = concept(codeObj, cp)
  const loinc = codings(codeObj, cp).filter(c => c.system === LOINC).map(c => c.code as string)
  const time = firstTime(r, p, [['effectiveDateTime'], ['effectiveInstant'], ['effectivePeriod', 'start'], ['issued']])
  if (time === undefined) throw bundleError(p, 'it has no time (effectiveDateTime, effectivePeriod.start or issued).')
  const components = optObjs(r, 'component', p).map((c, i) => {
    const path = child(child(p, 'component'), i)
    return { code: concept(obj(c.code, child(path, 'code')), child(path, 'code')), ...valueOf(c, path) }
  })
  const value = valueOf(r, p)
  const category = observationCategory(r, p)
  const generic = (): Mapped => ({
    data: validateObservation({ code, ...value, components: components.length === 0 ? undefined : components, category, at: time.value }, ctx.now, failAt({ at: time.path, code: cp }, p))
  })
  const vital = vitalReading(loinc, components, value, time, p)
  if (vital === undefined) return generic()
  try {
    return { data: validateVital(vital.input, ctx.now, failAt(vital.paths, p), false) }
  } catch (err) {
    // A time that cannot be read is a fault of the resource; a value outside the plausible range is kept, flagged.
    if (!(err instanceof NotebookError) || err.path === time.path) throw err
    return { ...generic(), issues: [`implausible ${VITALS[vital.input.kind as 'bp'].label.toLowerCase()}: ${err.message.replace(/^Bad bundle at \S+: /, '')}`] }
  }
}

// The reading a vital-sign observation holds, with the paths of its fields; undefined when it is not one.
function vitalReading (loinc: string[], components: Component[], value: Value, time: Timed, p: string): { input: Json, paths: Record<string, string> } | undefined {
  const paths: Record<string, string> = { at: time.path }
  if (loinc.includes(VITALS.bp.code)) {
    const input: Json = { kind: 'bp', at: time.value }
    for (const m of VITALS.bp.measures) {
      const i = components.findIndex(c => c.code.system === LOINC && c.code.code === m.component?.code)
      const c = components[i]
      if (c === undefined || typeof c.value !== 'number' || c.unit !== VITALS.bp.unit) return undefined
      input[m.field] = c.value
      paths[m.field] = child(child(child(child(p, 'component'), i), 'valueQuantity'), 'value')
    }
    return { input, paths }
  }
  if (typeof value.value !== 'number' || value.unit === undefined) return undefined
  const kind = loinc.map(c => vitalKindOf(c, value.unit as string)).find(k => k !== undefined)
  if (kind === undefined) return undefined
  paths.value = child(child(p, 'valueQuantity'), 'value')
  return { input: { kind, value: value.value, at: time.value }, paths }
}

// The value[x] of an observation or a component. Numbers keep their UCUM unit, or the unit's text
// when it has no UCUM code; a quantity with a comparator (< 5) is kept as text so it is not read as 5.
function valueOf (o: Json, p: string): Value {
  const q = optObj(o, 'valueQuantity', p)
  if (q !== undefined) return quantityValue(q, child(p, 'valueQuantity'))
  if (o.valueCodeableConcept !== undefined) return { value: concept(obj(o.valueCodeableConcept, child(p, 'valueCodeableConcept')), child(p, 'valueCodeableConcept')) }
  if (o.valueString !== undefined) return { value: text(o.valueString, child(p, 'valueString')) }
  if (o.valueInteger !== undefined) return { value: num(o.valueInteger, child(p, 'valueInteger')) }
  if (o.valueBoolean !== undefined) {
    if (typeof o.valueBoolean !== 'boolean') throw bundleError(child(p, 'valueBoolean'), 'expected true or false.')
    return { value: o.valueBoolean ? 'yes' : 'no' }
  }
  for (const key of ['valueDateTime', 'valueTime']) if (o[key] !== undefined) return { value: text(o[key], child(p, key)) }
  const range = optObj(o, 'valueRange', p)
  if (range !== undefined) return { value: [range.low, range.high].map(b => b === undefined ? '…' : quantityText(obj(b, child(p, 'valueRange')), child(p, 'valueRange'))).join(' – ') }
  const ratio = optObj(o, 'valueRatio', p)
  if (ratio !== undefined) return { value: [ratio.numerator, ratio.denominator].map(b => b === undefined ? '?' : quantityText(obj(b, child(p, 'valueRatio')), child(p, 'valueRatio'))).join(' / ') }
  const period = optObj(o, 'valuePeriod', p)
  if (period !== undefined) return { value: `${optText(period, 'start', child(p, 'valuePeriod')) ?? '…'} – ${optText(period, 'end', child(p, 'valuePeriod')) ?? '…'}` }
  return {}
}

function quantityValue (q: Json, qp: string): Value {
  if (q.value === undefined) return {}
  const value = num(q.value, child(qp, 'value'))
  const comparator = optText(q, 'comparator', qp)
  if (comparator !== undefined) return { value: quantityText(q, qp) }
  const system = optText(q, 'system', qp)
  const code = optText(q, 'code', qp)
  if (system === UCUM && code !== undefined) return { value, unit: code }
  const unit = optText(q, 'unit', qp) ?? code
  return unit === undefined ? { value } : { value, unitText: unit }
}

function quantityText (q: Json, qp: string): string {
  const value = q.value === undefined ? '?' : String(num(q.value, child(qp, 'value')))
  return [optText(q, 'comparator', qp), value, optText(q, 'unit', qp) ?? optText(q, 'code', qp)].filter(x => x !== undefined).join(' ')
}

function observationCategory (r: Json, p: string): string | undefined {
  const codes = optObjs(r, 'category', p).flatMap((c, i) => codings(c, child(child(p, 'category'), i)))
  return codes.find(c => c.system === OBSERVATION_CATEGORY && (OBSERVATION_CATEGORIES as readonly string[]).includes(c.code ?? ''))?.code
}
