// Automerge turns a plain string into collaborative text (one op per character); the notebook's
// metadata strings are atomic values, so they go in as ImmutableStrings and come out as plain strings.
import { ImmutableString, isImmutableString } from '@automerge/automerge'
import type { Stored } from './types.js'

/** Returns `value` ready to put into the document: strings wrapped, undefined fields dropped (Automerge refuses them). */
export function toStored<T> (value: T): Stored<T> {
  if (typeof value === 'string') return new ImmutableString(value) as Stored<T>
  if (typeof value !== 'object' || value === null) return value as Stored<T>
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toStored(v)
  return out as Stored<T>
}

/** Returns the string inside a stored string (or undefined when the value is not one). */
export function str (value: unknown): string | undefined {
  return isImmutableString(value) ? value.val : undefined
}
