// The field checks every validator shares: concepts, text, enumerated codes, clinical times and
// amounts. Each returns the stored form of a value or calls `fail` with the field and a plain sentence.
import type { Fail } from './errors.js'
import { checkTime, instantOf, isoSeconds } from './time.js'
import type { Concept, Quantity } from './types.js'

type Input = Record<string, unknown>

const URI = /^[a-z][a-z0-9+.-]*:\S+$/i
const CODE = /^\S+( \S+)*$/
/** A UCUM code as stored: printable ASCII without spaces. */
export const UCUM_CODE = /^[!-~]{1,40}$/
// A lone UTF-16 surrogate has no UTF-8 form (it would be stored as U+FFFD), and canonical JSON refuses it.
export const LONE_SURROGATE = /\p{Surrogate}/u

/** A concept given as plain text or as { text, system?, code? }; a code needs its system. */
export function concept (value: unknown, field: string, label: string, fail: Fail): Concept {
  if (typeof value === 'string') return { text: text(value, field, label, 500, fail) }
  if (typeof value !== 'object' || value === null) return fail(field, `${label} is missing; give its name as text.`)
  const v = value as Input
  const out: Concept = { text: text(v.text, `${field}.text`, label, 500, fail) }
  if (v.system === undefined && v.code === undefined) return out
  if (typeof v.system !== 'string' || !URI.test(v.system) || v.system.length > 200 || LONE_SURROGATE.test(v.system)) {
    return fail(`${field}.system`, `${label} code system ${JSON.stringify(v.system)} is not an absolute URI.`)
  }
  if (typeof v.code !== 'string' || !CODE.test(v.code) || v.code.length > 100 || LONE_SURROGATE.test(v.code)) {
    return fail(`${field}.code`, `${label} code ${JSON.stringify(v.code)} is not a FHIR code.`)
  }
  out.system = v.system
  out.code = v.code
  return out
}

/** Trimmed, non-empty text of at most `max` characters. */
export function text (value: unknown, field: string, label: string, max: number, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, `${label} is missing or empty.`)
  const trimmed = value.trim()
  if (trimmed.length > max) return fail(field, `${label} is ${trimmed.length} characters long; the limit is ${max}.`)
  if (LONE_SURROGATE.test(trimmed)) return fail(field, `${label} contains a broken character (a lone UTF-16 surrogate); remove it and try again.`)
  return trimmed
}

/** One of `allowed`, or undefined when absent. */
export function optional<T extends string> (value: unknown, field: string, label: string, allowed: readonly T[], fail: Fail): T | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return fail(field, `${label} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}.`)
  }
  return value as T
}

/** A clinical time: a date, partial date or zoned date-time, not in the future (now when absent). */
// Clinical times may be partial dates ("onset 1995"); only readings need a full date-time.
export function time (value: unknown, field: string, label: string, now: number, fail: Fail): string {
  return checkTime(value ?? isoSeconds(new Date(now)), field, { label, precise: false, now }, fail)
}

/** A clinical end time, not before `start`. */
export function end (value: unknown, field: string, label: string, start: string, now: number, fail: Fail): string {
  const t = time(value, field, label, now, fail)
  if (instantOf(t) < instantOf(start)) return fail(field, `${label} ${t} is before the start ${start}.`)
  return t
}

/** An optional concept. */
export function optConcept (value: unknown, field: string, label: string, fail: Fail): Concept | undefined {
  return value === undefined ? undefined : concept(value, field, label, fail)
}

/** An optional list of 1 to `max` concepts. */
export function concepts (value: unknown, field: string, label: string, max: number, fail: Fail): Concept[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.length === 0 || value.length > max) return fail(field, `${label} must be a list of 1 to ${max} items.`)
  return value.map((v, i) => concept(v, `${field}[${i}]`, label, fail))
}

/** An optional whole number from `min` to `max`. */
export function count (value: unknown, field: string, label: string, min: number, max: number, fail: Fail): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(field, `${label} ${JSON.stringify(value)} is not a whole number from ${min} to ${max}.`)
  }
  return value
}

/** An optional quantity: a finite, non-negative value and a unit (UCUM code or unit text). */
export function quantity (value: unknown, field: string, label: string, fail: Fail): Quantity | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null) return fail(field, `${label} must be a value with a unit, e.g. { value: 10, unit: "mg" }.`)
  const q = value as Input
  if (typeof q.value !== 'number' || !Number.isFinite(q.value) || q.value < 0) return fail(`${field}.value`, `${label} ${JSON.stringify(q.value)} is not a number of at least 0.`)
  const out: Quantity = { value: q.value }
  if (q.unit !== undefined) out.unit = text(q.unit, `${field}.unit`, `${label} unit`, 100, fail)
  return out
}

/** The time, code and status most clinical entries begin with; the status defaults to `fallback`. */
export function coded<S extends string> (input: Input, now: number, fail: Fail, label: { at: string, code: string, status: string }, statuses: readonly S[], fallback: S): { at: string, code: Concept, status: S } {
  return {
    at: time(input.at, 'at', label.at, now, fail),
    code: concept(input.code, 'code', label.code, fail),
    status: optional(input.status, 'status', label.status, statuses, fail) ?? fallback
  }
}
