// Reading request parameters and bodies the way the node's gateway and API service do,
// refusing with their texts.
import { GRPC_INVALID_ARGUMENT, NodeRefusal } from './refusal.js'

/** The body of /getContractStorage and /getContractStorageFields. */
export interface StorageQuery { id: string, key: string, field: string }

/** Reads the JSON body of a storage query. */
export function storageQuery (body: string): StorageQuery {
  let q: unknown
  try {
    q = JSON.parse(body)
  } catch {
    throw new NodeRefusal('the request body is not JSON', GRPC_INVALID_ARGUMENT)
  }
  const { id = '', key = '', field = '' } = (q ?? {}) as Record<string, unknown>
  if (typeof id !== 'string' || typeof key !== 'string' || typeof field !== 'string') {
    throw new NodeRefusal('id, key and field must be strings', GRPC_INVALID_ARGUMENT)
  }
  return { id, key, field }
}

/** go-iost rpc.checkHashValid: returns the hash, refusing 100 characters or more. */
export function checkHash (param: string | undefined): string {
  const hash = param ?? ''
  if (hash.length >= 100) throw new NodeRefusal(`hash len(${hash.length}) is greater then 100`)
  return hash
}

/** go-iost rpc.checkIDValid: returns the account or contract id, refusing malformed ones. */
export function checkId (param: string | undefined): string {
  const id = param ?? ''
  if (id.startsWith('Contract') || id.endsWith('.iost')) {
    if (id.length >= 100) throw new NodeRefusal(`id invalid. ContractID length should be less then 100 - ${id.length}`)
    return id
  }
  if (id.length < 5 || id.length > 11) throw new NodeRefusal(`id invalid. id length should be between 5,11 - ${id.length} `)
  for (const ch of id) {
    if (!/[a-z0-9_]/.test(ch)) throw new NodeRefusal(`id invalid. id contains invalid character - ${ch.codePointAt(0) as number}`)
  }
  return id
}

/** Parses a bool path parameter as the gateway does (Go's strconv.ParseBool). */
export function bool (text: string | undefined, name: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text ?? '')) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text ?? '')) return false
  throw new NodeRefusal(`type mismatch, parameter: ${name}, error: strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`, GRPC_INVALID_ARGUMENT)
}

/** Parses an integer path parameter as the gateway does (Go's strconv.ParseInt). */
export function int (text: string | undefined, name: string): number {
  if (text === undefined || !/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new NodeRefusal(`type mismatch, parameter: ${name}, error: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`, GRPC_INVALID_ARGUMENT)
  }
  return Number(text)
}
