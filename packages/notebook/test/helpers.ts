// Shared test fixtures: random parties and devices, a controllable clock, error capture, the
// Synthea sample bundles and the official FHIR R4 JSON schema.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js'
import { masterKeyFromSeed } from '@techo/identity'
import * as assert from 'uvu/assert'
import { Notebook, NotebookError, type NotebookErrorCode } from '../src/index.js'

/** A fresh party id: the base58 public key of a random master key. */
export function newParty (): string {
  return masterKeyFromSeed(randomBytes(32)).id
}

/** A fresh Automerge actor id (32 lowercase hex). */
export function newActor (): string {
  return bytesToHex(randomBytes(16))
}

/** A clock that reads `iso` until moved with `set`. */
export function clockAt (iso: string): { now: () => Date, set: (iso: string) => void } {
  let t = new Date(iso)
  return { now: () => new Date(t), set: (next: string) => { t = new Date(next) } }
}

/** A new notebook for a new patient, written by the patient's own device, its clock fixed at `iso`. */
export function patientNotebook (iso = '2024-06-15T09:00:00Z'): Notebook {
  const patientId = newParty()
  return Notebook.create({ patientId, actor: newActor(), party: patientId, now: clockAt(iso).now })
}

/** Runs `fn`, asserts it throws a NotebookError with `code`, and returns the error. */
export function refused (fn: () => unknown, code: NotebookErrorCode): NotebookError {
  try {
    fn()
  } catch (err) {
    assert.instance(err, NotebookError)
    assert.is((err as NotebookError).code, code, (err as Error).message)
    return err as NotebookError
  }
  assert.unreachable(`expected ${code}`)
  throw new Error('unreachable')
}

/** The FHIR samples directory (fixtures/fhir in the repository). */
export const FHIR_FIXTURES = new URL('../../../fixtures/fhir/', import.meta.url)

/** A fresh parse of one of the Synthea sample bundles ("a" or "b"). */
export function synthea (which: 'a' | 'b'): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`synthea-patient-${which}.json`, FHIR_FIXTURES), 'utf8'))
}

/** A fresh parse of a hand-written bundle in test/fixtures (e.g. "hospital-a"). */
export function fixture (name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8'))
}

const require = createRequire(import.meta.url)
let validator: { validate: (resource: unknown, verbose: boolean) => unknown[] } | undefined

/** Returns the official FHIR R4 JSON-schema errors for a resource or bundle (empty when valid). */
export function fhirSchemaErrors (resource: unknown): unknown[] {
  if (validator === undefined) {
    const Validator = require('@asymmetrik/fhir-json-schema-validator')
    validator = new Validator()
  }
  // A JSON round trip first: what we check is what a file or a peer would receive.
  return (validator as NonNullable<typeof validator>).validate(JSON.parse(JSON.stringify(resource)), true)
}
