// Reading untrusted FHIR JSON: each accessor checks one value's type and, if it is wrong, throws
// ERR_BAD_BUNDLE naming the JSON path of that value (e.g. `entry[12].resource.valueQuantity.value`).
import { NotebookError } from './errors.js'

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
