// Reading untrusted FHIR JSON: each accessor checks one value's type and, if it is wrong, throws
// ERR_BAD_BUNDLE naming the JSON path of that value (e.g. `entry[12].resource.valueQuantity.value`).
import { NotebookError } from './errors.js'
import type { Concept } from './types.js'

export type Json = Record<string, unknown>

/** Returns the ERR_BAD_BUNDLE error for the value at `path`. */
export function bundleError (path: string, message: string): NotebookError {
  return new NotebookError('ERR_BAD_BUNDLE', `Bad bundle at ${path}: ${message}`, { path })
}

/** Returns the path of `key` inside the value at `path`. */
export function child (path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`
}

/** Returns `value` if it is a JSON object. */
export function obj (value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bundleError(path, `expected an object but found ${shown(value)}.`)
  return value as Json
}

/** Returns `value` if it is an array. */
export function arr (value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw bundleError(path, `expected an array but found ${shown(value)}.`)
  return value
}

/** Returns `value` if it is a non-empty string. */
export function text (value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw bundleError(path, `expected a non-empty string but found ${shown(value)}.`)
  return value
}

/** Returns `value` if it is a finite number. */
export function num (value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bundleError(path, `expected a number but found ${shown(value)}.`)
  return value
}

/** Returns o[key] as an optional object. */
export function optObj (o: Json, key: string, path: string): Json | undefined {
  return o[key] === undefined ? undefined : obj(o[key], child(path, key))
}

/** Returns o[key] as an optional array of objects. */
export function optObjs (o: Json, key: string, path: string): Json[] {
  return o[key] === undefined ? [] : arr(o[key], child(path, key)).map((v, i) => obj(v, child(child(path, key), i)))
}

/** Returns o[key] as an optional non-empty string. */
export function optText (o: Json, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : text(o[key], child(path, key))
}

// A short rendering of a wrong value for messages.
function shown (value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object' && value !== null) return 'an object'
  const s = JSON.stringify(value)
  return s.length > 40 ? s.slice(0, 37) + '...' : s
}

/** A Coding as read: any of its parts may be missing. */
export type Coding = { system?: string, code?: string, display?: string }

/** A time field's value and the JSON path it came from. */
export type Timed = { value: string, path: string }

/** Returns the codings of a CodeableConcept. */
export function codings (cc: Json, path: string): Coding[] {
  return optObjs(cc, 'coding', path).map((c, i) => coding(c, child(child(path, 'coding'), i)))
}

/** Returns one Coding's parts. */
export function coding (c: Json, path: string): Coding {
  return { system: optText(c, 'system', path), code: optText(c, 'code', path), display: optText(c, 'display', path) }
}

/** Returns a CodeableConcept (or a lone Coding) as text plus its first complete coding. */
export function concept (cc: Json, path: string): Concept {
  const cs = cc.coding === undefined && (cc.code !== undefined || cc.display !== undefined) ? [coding(cc, path)] : codings(cc, path)
  const first = cs.find(c => c.system !== undefined && c.code !== undefined)
  const t = optText(cc, 'text', path) ?? first?.display ?? cs.find(c => c.display !== undefined)?.display ?? first?.code
  if (t === undefined) throw bundleError(path, 'has neither text nor a coding with a display or code.')
  return first === undefined ? { text: t } : { text: t, system: first.system as string, code: first.code as string }
}

/** Returns o[key] read as a concept, or undefined when absent. */
export function optConcept (o: Json, key: string, path: string): Concept | undefined {
  return o[key] === undefined ? undefined : concept(obj(o[key], child(path, key)), child(path, key))
}

/** Returns the first concept of the array o[key], or undefined when there is none. */
export function firstConcept (o: Json, key: string, path: string): Concept | undefined {
  const first = optObjs(o, key, path)[0]
  return first === undefined ? undefined : concept(first, child(child(path, key), 0))
}

/** Returns the first coding's code of a status CodeableConcept (clinicalStatus, verificationStatus), with its path. */
export function statusCode (r: Json, key: string, p: string): Timed | undefined {
  const cc = optObj(r, key, p)
  if (cc === undefined) return undefined
  const code = codings(cc, child(p, key))[0]?.code
  return code === undefined ? undefined : { value: code, path: child(child(child(child(p, key), 'coding'), 0), 'code') }
}

/** Returns the first of several (possibly nested) time fields that is present, with its path. */
export function firstTime (r: Json, p: string, candidates: string[][]): Timed | undefined {
  for (const keys of candidates) {
    let o: Json | undefined = r
    let path = p
    for (const key of keys.slice(0, -1)) {
      o = optObj(o, key, path)
      path = child(path, key)
      if (o === undefined) break
    }
    const last = keys[keys.length - 1] as string
    if (o?.[last] !== undefined) return { value: text(o[last], child(path, last)), path: child(path, last) }
  }
  return undefined
}

/** Returns the display text of a Reference, if it has one. */
export function display (o: Json, key: string, path: string): string | undefined {
  const ref = optObj(o, key, path)
  return ref === undefined ? undefined : optText(ref, 'display', child(path, key))
}
