// Admitting a transaction sent to `/sendTx`, with the node's checks in the node's order and
// its error texts: decoding, the action pre-check, the publisher's gas, duplicates, room in the
// pool, the pool's time window, then the transaction's self-check. The node finds a publisher or
// signer without authority only when it packs a block, and then drops the transaction silently;
// the dev chain refuses such a transaction here instead, with the text the node logs.
import {
  base58Encode, checkBadTx, encodedLength, hashTransaction, IostTxError, MAX_TX_BYTES, parseTransaction, verifyTransaction,
  type IostSignature, type ParsedTx
} from '@techo/iost'
import { hasAccountAuth } from './accounts.js'
import { ACCOUNT_GAS, DEV_CHAIN_ID, MAX_TX_AGE_NS, MAX_TX_FUTURE_NS } from './constants.js'
import type { TxContext } from './exec-scope.js'
import { GAS } from './gas.js'
import type { AcceptedTx } from './records.js'
import { GRPC_INVALID_ARGUMENT, NodeRefusal } from './refusal.js'
import type { WorldView } from './world-state.js'

/** What admission needs to know about the chain. */
export interface PoolView {
  /** Committed state (accounts). */
  world: WorldView
  /** Nanoseconds since the epoch. */
  now: bigint
  isPending: (hash: string) => boolean
  isInChain: (hash: string) => Promise<boolean>
  /** Throws the node's refusal when the pool has no room for one more transaction of this publisher. */
  checkRoom: (publisher: string, json: string) => void
}

/** Checks a `/sendTx` body; returns the accepted transaction or throws the node's refusal. */
export async function admitTx (json: string, view: PoolView): Promise<AcceptedTx> {
  const tx = parse(json)
  const bad = checkBadTx(tx)
  if (bad !== null) throw new NodeRefusal(bad)
  // A transaction over the node's size limit is refused by the self-check below, so it was never
  // admitted and cannot be a duplicate: it is not hashed (hashing megabytes of junk stalled blocks).
  const fullLength = encodedLength(tx)
  const hash = fullLength > MAX_TX_BYTES ? null : hashTransaction(tx).hash
  checkGas(tx, view.world)
  if (hash !== null) {
    const inChain = await view.isInChain(hash)
    if (view.isPending(hash)) throw new NodeRefusal('tx exists in pending')
    if (inChain) throw new NodeRefusal('tx exists in chain')
  }
  view.checkRoom(tx.publisher, json)
  checkTime(tx, view.now)
  const verdict = verifyTransaction(tx, { chainId: DEV_CHAIN_ID })
  if (!verdict.ok) throw new NodeRefusal(`VerifyError ${verdict.reason}`)
  // The self-check refused every transaction left unhashed above.
  const admitted = hash as string
  checkAuthority(tx, view.world)
  checkLimitCoversSize(tx, fullLength)
  return { hash: admitted, json, context: context(tx, admitted), fullLength }
}

function parse (json: string): ParsedTx {
  try {
    return parseTransaction(json)
  } catch (err) {
    if (err instanceof IostTxError) throw new NodeRefusal(err.message, GRPC_INVALID_ARGUMENT)
    throw err
  }
}

// go-iost vm.CheckTxGasLimitValid: an account that does not exist has no gas.
function checkGas (tx: ParsedTx, world: WorldView): void {
  const gas = world.account(tx.publisher) === null ? 0 : ACCOUNT_GAS
  const limit = Number(tx.internalGasLimit) / 100
  if (gas < limit) throw new NodeRefusal(`gas not enough: user ${tx.publisher} has ${gas} < ${limit}`)
}

// go-iost TxPImpl.verifyTx: not dated more than 30 s ahead, not expired, not older than 90 s.
function checkTime (tx: ParsedTx, now: bigint): void {
  if (tx.time > now + MAX_TX_FUTURE_NS) {
    throw new NodeRefusal(`TimeError: tx.time is too large(tx.time: ${tx.time}, now: ${now}). Please sync time`)
  }
  if (tx.expiration <= now || now - tx.time > MAX_TX_AGE_NS) {
    throw new NodeRefusal(`TimeError: tx.time is expired(tx.time: ${tx.time}, now: ${now}). Please sync time`)
  }
}

// go-iost Isolator.checkAuth: the publisher's signatures must satisfy its active permission,
// and every listed signer@permission must be satisfied by the transaction's signatures.
function checkAuthority (tx: ParsedTx, world: WorldView): void {
  if (!hasAccountAuth(world, tx.publisher, 'active', keysOf(tx.publisherSigs))) {
    throw new NodeRefusal(`unauthorized publisher: ${tx.publisher}`)
  }
  const allKeys = keysOf([...tx.signatures, ...tx.publisherSigs])
  for (const signer of tx.signers) {
    const parts = signer.split('@')
    if (parts.length !== 2) throw new NodeRefusal(`illegal signer: ${signer}`)
    if (!hasAccountAuth(world, parts[0] as string, parts[1] as string, allKeys)) throw new NodeRefusal(`unauthorized signer: ${signer}`)
  }
}

// go-iost Isolator.PrepareTx: the limit must exceed what the transaction's own bytes cost.
function checkLimitCoversSize (tx: ParsedTx, fullLength: number): void {
  const paid = GAS.txByte * fullLength
  if (paid * Number(tx.internalGasRatio) >= Number(tx.internalGasLimit)) {
    throw new NodeRefusal(`gas limit should be larger, paid: ${paid}, gas limit: ${tx.internalGasLimit}, gas ratio: ${tx.internalGasRatio}`)
  }
}

function keysOf (signatures: IostSignature[]): Set<string> {
  return new Set(signatures.map(s => base58Encode(s.publicKey)))
}

function context (tx: ParsedTx, hash: string): TxContext {
  const authList = new Map<string, 1 | 2>()
  for (const s of tx.signatures) authList.set(base58Encode(s.publicKey), 1)
  for (const s of tx.publisherSigs) authList.set(base58Encode(s.publicKey), 2)
  return {
    hash,
    publisher: tx.publisher,
    time: tx.time,
    expiration: tx.expiration,
    gasRatio: Number(tx.internalGasRatio),
    gasLimit: Number(tx.internalGasLimit),
    actions: tx.actions,
    authList
  }
}
