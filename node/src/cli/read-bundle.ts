// Reading a FHIR bundle file for `techo import` and `techo verify --export`: within the size a bundle
// may have, and JSON, each failure said in one sentence.
import { readFileSync, statSync } from 'node:fs'
import { FHIR_BUNDLE_LIMIT } from '../access/notebook-access.js'
import { CliError, EXIT } from './exit.js'

/** The parsed JSON of `file`; throws a CliError when it is too large, unreadable or not JSON. */
export function readBundle (file: string): unknown {
  let text: string
  try {
    const size = statSync(file).size
    if (size > FHIR_BUNDLE_LIMIT) {
      throw new CliError(`${file} is ${(size / 2 ** 20).toFixed(0)} MiB; a bundle may be at most ${FHIR_BUNDLE_LIMIT / 2 ** 20} MiB: split it (one patient or one period per bundle).`, 'ERR_PAYLOAD_TOO_LARGE', EXIT.badInput)
    }
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if (err instanceof CliError) throw err
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}.`, 'ERR_BAD_FILE', EXIT.badInput)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CliError(`${file} is not JSON (${(err as Error).message}); a FHIR R4 Bundle in JSON is expected.`, 'ERR_BAD_BUNDLE', EXIT.badInput)
  }
}
