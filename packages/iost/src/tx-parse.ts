import { decodeBase64LikeGo } from './base64.js'
import { badTxJson } from './errors.js'
import { internalGas } from './gas.js'
import { doubleField, integerField } from './json-number.js'
import { parseJsonKeepingNumbers, type JsonNode } from './json-raw.js'

/** One signature of a transaction. */
export interface IostSignature {
  /** The algorithm byte that is encoded and hashed: 2 Ed25519, 1 secp256k1 (any other byte verifies as secp256k1, as in the node). */
  algorithm: number
  signature: Uint8Array
  publicKey: Uint8Array
}

/** One contract call of a transaction. */
export interface IostAction {
  contract: string
  actionName: string
  /** The JSON array of arguments, as text. */
  data: string
}

/** One token spending limit of a transaction. */
export interface IostAmountLimit {
  token: string
  value: string
}

/** A transaction as the IOST node reads a `/sendTx` body, before any check. */
export interface ParsedTx {
  /** Nanoseconds, exactly the JSON literal (it exceeds 2^53). */
  time: bigint
  expiration: bigint
  /** The gas ratio and limit as sent (float64). */
  gasRatio: number
  gasLimit: number
  /** What the node encodes, hashes and checks: trunc(value × 100) in float64. */
  internalGasRatio: bigint
  internalGasLimit: bigint
  delay: bigint
  chainId: number
  actions: IostAction[]
  amountLimit: IostAmountLimit[]
  signers: string[]
  signatures: IostSignature[]
  publisher: string
  publisherSigs: IostSignature[]
}

const INT64: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n]
const UINT32: [bigint, bigint] = [0n, 2n ** 32n - 1n]
const INT32: [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n]
const ALGORITHM_NAMES: Record<string, number> = { UNKNOWN: 0, SECP256K1: 1, ED25519: 2 }

/**
 * Reads a transaction JSON text the way the node's HTTP API decodes `/sendTx` (protobuf JSON):
 * both the SDK spelling (`gasRatio`, `actionName`, ...) and the RPC one (`gas_ratio`,
 * `action_name`, ...), unknown fields ignored, `null` meaning "not set", int64 values taken
 * from the literal digits, bytes in base64. Throws ERR_BAD_TX_JSON where the node would refuse.
 */
export function parseTransaction (json: string): ParsedTx {
  const root = parseJsonKeepingNumbers(json)
  const f = fields(root, 'the transaction', {
    time: ['time'], expiration: ['expiration'], gasRatio: ['gas_ratio', 'gasRatio'], gasLimit: ['gas_limit', 'gasLimit'],
    delay: ['delay'], chainId: ['chain_id', 'chainId'], actions: ['actions'], amountLimit: ['amount_limit', 'amountLimit'],
    signers: ['signers'], signatures: ['signatures'], publisher: ['publisher'], publisherSigs: ['publisher_sigs', 'publisherSigs']
  })
  const gasRatio = f.gasRatio === undefined ? 0 : double(f.gasRatio, 'gas_ratio')
  const gasLimit = f.gasLimit === undefined ? 0 : double(f.gasLimit, 'gas_limit')
  return {
    time: integer(f.time, 'time', INT64),
    expiration: integer(f.expiration, 'expiration', INT64),
    gasRatio,
    gasLimit,
    internalGasRatio: internalGas(gasRatio),
    internalGasLimit: internalGas(gasLimit),
    delay: integer(f.delay, 'delay', INT64),
    chainId: Number(integer(f.chainId, 'chain_id', UINT32)),
    actions: list(f.actions, 'actions', (node, where) => {
      const a = fields(node, where, { contract: ['contract'], actionName: ['action_name', 'actionName'], data: ['data'] })
      return { contract: string(a.contract, `${where}.contract`), actionName: string(a.actionName, `${where}.action_name`), data: string(a.data, `${where}.data`) }
    }),
    amountLimit: list(f.amountLimit, 'amount_limit', (node, where) => {
      const a = fields(node, where, { token: ['token'], value: ['value'] })
      return { token: string(a.token, `${where}.token`), value: string(a.value, `${where}.value`) }
    }),
    signers: list(f.signers, 'signers', (node, where) => string(node, where)),
    signatures: list(f.signatures, 'signatures', signature),
    publisher: string(f.publisher, 'publisher'),
    publisherSigs: list(f.publisherSigs, 'publisher_sigs', signature)
  }
}

/** Returns the transaction parsed, parsing it first if it is still JSON text. */
export function toParsedTx (tx: string | ParsedTx): ParsedTx {
  return typeof tx === 'string' ? parseTransaction(tx) : tx
}

// Maps an object's entries onto fields by either spelling. A field given twice (in any
// spelling) is refused as protojson refuses it; `null` leaves a field unset.
function fields<K extends string> (node: JsonNode, where: string, names: Record<K, string[]>): Partial<Record<K, JsonNode>> {
  if (node.kind !== 'object') throw badTxJson(`${capital(where)} must be a JSON object, not ${describe(node)}.`)
  const out: Partial<Record<K, JsonNode>> = {}
  const seen = new Set<K>()
  for (const [name, value] of node.entries) {
    const field = (Object.keys(names) as K[]).find(k => names[k].includes(name))
    if (field === undefined) continue
    if (seen.has(field)) throw badTxJson(`${capital(where)} sets the field "${name}" more than once (check for both spellings).`)
    seen.add(field)
    if (value.kind !== 'null') out[field] = value
  }
  return out
}

function signature (node: JsonNode, where: string): IostSignature {
  const s = fields(node, where, { algorithm: ['algorithm'], signature: ['signature'], publicKey: ['public_key', 'publicKey'] })
  return { algorithm: algorithm(s.algorithm, `${where}.algorithm`), signature: bytes(s.signature, `${where}.signature`), publicKey: bytes(s.publicKey, `${where}.public_key`) }
}

// The enum arrives as a name or as any int32; go-iost keeps its low byte (`crypto.Algorithm` is a uint8).
function algorithm (node: JsonNode | undefined, where: string): number {
  if (node === undefined) return 0
  if (node.kind === 'string' && node.value in ALGORITHM_NAMES) return ALGORITHM_NAMES[node.value] as number
  const value = node.kind === 'number' ? integerField(node, ...INT32) : null
  if (value === null) throw badTxJson(`${capital(where)} must be "ED25519", "SECP256K1" or an algorithm number, not ${describe(node)}.`)
  return Number(BigInt.asUintN(8, value))
}

function list<T> (node: JsonNode | undefined, where: string, item: (node: JsonNode, where: string) => T): T[] {
  if (node === undefined) return []
  if (node.kind !== 'array') throw badTxJson(`The field ${where} must be a JSON array, not ${describe(node)}.`)
  return node.items.map((n, i) => item(n, `${where}[${i}]`))
}

function integer (node: JsonNode | undefined, where: string, [min, max]: [bigint, bigint]): bigint {
  if (node === undefined) return 0n
  const value = integerField(node, min, max)
  if (value === null) throw badTxJson(`The field ${where} must be an integer in [${min}, ${max}], not ${describe(node)}.`)
  return value
}

function double (node: JsonNode, where: string): number {
  const value = doubleField(node)
  if (value === null) throw badTxJson(`The field ${where} must be a finite number, not ${describe(node)}.`)
  return value
}

function string (node: JsonNode | undefined, where: string): string {
  if (node === undefined) return ''
  if (node.kind !== 'string') throw badTxJson(`The field ${where} must be a string, not ${describe(node)}.`)
  return node.value
}

function bytes (node: JsonNode | undefined, where: string): Uint8Array {
  if (node === undefined) return new Uint8Array(0)
  const value = node.kind === 'string' ? decodeBase64LikeGo(node.value) : null
  if (value === null) throw badTxJson(`The field ${where} must be base64 text, not ${describe(node)}.`)
  return value
}

function describe (node: JsonNode): string {
  if (node.kind === 'number') return node.raw
  if (node.kind === 'string') return JSON.stringify(node.value.length > 40 ? node.value.slice(0, 40) + '…' : node.value)
  if (node.kind === 'boolean') return String(node.value)
  return node.kind === 'null' ? 'null' : `a JSON ${node.kind}`
}

function capital (text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
