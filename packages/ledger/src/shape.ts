// Reading the contract's JSON back from the chain. The contract writes these shapes itself, so
// anything else means the node (or the contract id) is not what the client was told it is.
import { LedgerError } from './errors.js'

type FieldType = 'string' | 'number' | 'boolean'

/** The field types a stored record or event must have. */
export type Shape = Readonly<Record<string, FieldType>>

type Typed<S extends Shape> = { [K in keyof S]: S[K] extends 'string' ? string : S[K] extends 'number' ? number : boolean }

/** Parses JSON text written by the contract and checks its fields; throws ERR_BAD_CHAIN_DATA naming what is off. */
export function parseShape<S extends Shape> (text: string, shape: S, what: string): Typed<S> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain's ${what} is not JSON; is the contract id right?`, { cause: err })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain's ${what} is not a JSON object; is the contract id right?`)
  }
  for (const [field, type] of Object.entries(shape)) {
    if (typeof (value as Record<string, unknown>)[field] !== type) {
      throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain's ${what} lacks a ${type} "${field}"; is the contract id right?`)
    }
  }
  return value as Typed<S>
}
