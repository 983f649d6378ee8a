// Reading untyped JSON into typed values, one field at a time, so every complaint names the field
// by its path (`consent.revokes[1].share`) and says what it must be. Unknown fields are errors too:
// a misspelt field silently ignored would run a different scenario than the one written.
import { SimError } from './errors.js'

/** Where a value sits in its file, for messages: the file name and the field path. */
export interface Place { file: string, path: string }

/** Fails with ERR_BAD_SCENARIO naming the field. */
export function bad (at: Place, what: string): never {
  throw new SimError('ERR_BAD_SCENARIO', `${at.file}: ${at.path === '' ? 'the scenario' : at.path} ${what}.`)
}

/** The place of a child field. */
export function child (at: Place, name: string | number): Place {
  const path = typeof name === 'number' ? `${at.path}[${name}]` : at.path === '' ? name : `${at.path}.${name}`
  return { file: at.file, path }
}

function shown (value: unknown): string {
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 40 ? text.slice(0, 40) + '…' : text
}

/** Returns the object's fields after checking it is an object with no field outside `known`. */
export function object (at: Place, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(at, `must be an object, not ${shown(value)}`)
  const fields = value as Record<string, unknown>
  for (const name of Object.keys(fields)) {
    if (!known.includes(name)) bad(child(at, name), `is not a field here; the fields are ${known.join(', ')}`)
  }
  return fields
}

export interface NumberRule { min: number, max: number, integer?: boolean }

/** A number within the rule, or `fallback` when the field is absent. */
export function number (at: Place, value: unknown, rule: NumberRule, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  const kind = rule.integer === true ? 'a whole number' : 'a number'
  if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer === true && !Number.isInteger(value)) || value < rule.min || value > rule.max) {
    bad(at, `must be ${kind} from ${rule.min} to ${rule.max}, not ${value === undefined ? 'missing' : shown(value)}`)
  }
  return value
}

/** A string (non-empty unless `fallback` is ''), or `fallback` when absent. */
export function string (at: Place, value: unknown, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value === 'string' && fallback === '') return value
  if (typeof value !== 'string' || value.trim() === '') bad(at, `must be a non-empty string, not ${value === undefined ? 'missing' : shown(value)}`)
  return value
}

/** One of `choices`, or `fallback` when absent. */
export function oneOf<T extends string> (at: Place, value: unknown, choices: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value !== 'string' || !choices.includes(value as T)) bad(at, `must be one of ${choices.map(c => `"${c}"`).join(', ')}, not ${value === undefined ? 'missing' : shown(value)}`)
  return value as T
}

/** true or false, or `fallback` when absent. */
export function boolean (at: Place, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') bad(at, `must be true or false, not ${shown(value)}`)
  return value
}

/** Each item read by `item`; an absent list is empty. */
export function list<T> (at: Place, value: unknown, item: (at: Place, value: unknown) => T): T[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) bad(at, `must be a list, not ${shown(value)}`)
  return value.map((v, i) => item(child(at, i), v))
}
