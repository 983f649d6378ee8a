// The consent contract as `system.iost` `setCode` takes it: the JSON form of IOST's contract
// record, {"ID", "info": {lang, version, abi}, "code"}; the node assigns the id.
import { readFileSync } from 'node:fs'

const source = readFileSync(new URL('../contract/consent.js', import.meta.url), 'utf8')
const abi = JSON.parse(readFileSync(new URL('../contract/consent.abi.json', import.meta.url), 'utf8')) as unknown

/** The name the consent contract is linked to with `domain.iost` unless told otherwise. */
export const CONSENT_CONTRACT_NAME = 'techo_consent'

/** Returns the consent contract's code and ABI as `setCode` takes it, or as `updateCode` takes it for the contract `id`. */
export function consentContractCode (id = ''): string {
  return JSON.stringify({ ID: id, info: abi, code: source })
}
