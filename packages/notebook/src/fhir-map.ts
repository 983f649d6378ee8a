// What every FHIR mapper takes and returns: the resource's place in the bundle and a way to follow
// its references; the validated entry it maps to, any issues it is flagged with, and the resources
// it names that are kept beside it.
import type { Fail } from './errors.js'
import { bundleError, type Json } from './fhir-read.js'
import type { Indexed } from './fhir-identity.js'
import type { EntryData } from './types.js'

export interface MapContext {
  now: number
  item: Indexed
  /** The bundle resource a Reference object names, if it is in the bundle. */
  resolve: (reference: unknown) => Indexed | undefined
  /** The id of the entry a Reference object names, if that entry is of `type` and is in the notebook or in this import. */
  entryId: (reference: unknown, type: string) => string | undefined
}

export interface Mapped { data: EntryData, issues?: string[], related?: Indexed[] }

export type Mapper = (r: Json, p: string, ctx: MapContext) => Mapped

/** Returns a Fail that reports a validator's complaint at the JSON path its field came from ("code.text" falls back to "code"). */
export function failAt (paths: Record<string, string | undefined>, base: string): Fail {
  return (field, message) => { throw bundleError(paths[field] ?? paths[field.split(/[.[]/)[0] as string] ?? base, message) }
}
