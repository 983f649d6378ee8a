// A block's consent, read without trusting the node that served it. `readBlockConsent` takes from
// one node's block what consent depends on (each transaction calling the consent contract: its
// calls with their signed payloads, its status and the contract's receipts); nodes are compared
// on exactly that. `verifyBlockConsent` then replays the calls under the contract's own rules on
// a copy of the state and believes the block only if every receipt is the event the contract
// emits for its call: an invented receipt, a receipt without its call, a call the contract would
// refuse (a forged signature, a replayed nonce, an expired payload, a device approval without the
// device's proof) or an altered event each make the whole block refused.
import { canonicalize } from '@techo/identity'
import { LedgerError } from './errors.js'
import { parseEvent, type ConsentEvent } from './events.js'
import type { ChainRpc } from './rpc.js'
import { judgeCall } from './rules.js'
import type { ConsentState } from './state.js'

/** Which contract the consent is in: its id, and the linked names a call may use for it. */
export interface ConsentContract { id: string, names: readonly string[] }

/** One transaction touching the consent contract, as a block holds it. */
export interface ConsentTx {
  hash: string
  status: string
  /** The transaction's calls of the consent contract: the action and its JSON arguments. */
  calls: Array<{ action: string, data: string }>
  /** The receipts the consent contract left in it. */
  receipts: Array<{ funcName: string, content: string }>
}

/** What a block says about consent: nodes must agree on all of it. */
export interface BlockConsent { number: number, hash: string, time: string, txs: ConsentTx[] }

/** Reads block `height` from one node and returns its consent part; throws ERR_BAD_CHAIN_DATA if the node's block is not even well formed. */
export async function readBlockConsent (node: ChainRpc, height: number, contract: ConsentContract): Promise<BlockConsent> {
  const block = await node.block(height)
  // The time decides what has expired: it must be a whole number of nanoseconds.
  if (Number(block.number) !== height || typeof block.hash !== 'string' || typeof block.time !== 'string' || !/^[1-9]\d{0,18}$/.test(block.time)) {
    throw lie(node.url, height, 'it is not the block asked for, or lacks its hash or its time')
  }
  const txs: ConsentTx[] = []
  for (const tx of block.transactions ?? []) {
    const calls = (tx.actions ?? []).filter(a => a.contract === contract.id || contract.names.includes(a.contract)).map(a => ({ action: a.action_name, data: a.data }))
    const receipt = tx.tx_receipt ?? await node.receipt(tx.hash)
    const receipts = (receipt?.receipts ?? []).filter(r => r.func_name.startsWith(`${contract.id}/`)).map(r => ({ funcName: r.func_name, content: r.content }))
    if (calls.length === 0 && receipts.length === 0) continue
    if (receipt === null || receipt.tx_hash !== tx.hash) throw lie(node.url, height, `transaction ${tx.hash} has no receipt of its own`)
    txs.push({ hash: tx.hash, status: receipt.status_code, calls, receipts })
  }
  return { number: height, hash: block.hash, time: block.time, txs }
}

/**
 * Replays a block's consent calls on a copy of `state`; returns the events and the state after
 * them, or throws ERR_BAD_CHAIN_DATA naming the first thing the contract could not have done.
 * `source` names the nodes the block came from, for the message.
 */
export function verifyBlockConsent (consent: BlockConsent, state: ConsentState, contractId: string, source: string): { events: ConsentEvent[], state: ConsentState } {
  if (consent.txs.length === 0) return { events: [], state }
  const after = state.clone()
  const events: ConsentEvent[] = []
  // The contract reads the block's time as a JavaScript number of nanoseconds, then floors it to ms.
  const timeMs = Math.floor(Number(consent.time) / 1e6)
  for (const tx of consent.txs) {
    const refuse = (why: string): never => { throw lie(source, consent.number, `transaction ${tx.hash} ${why}`) }
    if (tx.status !== 'SUCCESS') {
      if (tx.receipts.length > 0) refuse('failed, yet carries consent receipts')
      continue
    }
    if (tx.receipts.length !== tx.calls.length) refuse(`calls the consent contract ${tx.calls.length} times but carries ${tx.receipts.length} consent receipts`)
    tx.calls.forEach((call, i) => {
      const receipt = tx.receipts[i] as ConsentTx['receipts'][number]
      if (receipt.funcName !== `${contractId}/${call.action}`) refuse(`carries a receipt of ${receipt.funcName} for its call of ${call.action}`)
      let event: ConsentEvent
      try {
        event = judgeCall(after, call.action, call.data, { contract: contractId, timeMs, block: consent.number, tx: tx.hash })
      } catch (err) {
        return refuse(`succeeded, but the contract refuses its ${call.action}: ${(err as Error).message}`)
      }
      if (!sameEvent(parseEvent(receipt.content), event)) refuse(`carries a ${call.action} receipt that is not the event its signed payload makes`)
      after.apply(event)
      events.push(event)
    })
  }
  return { events, state: after }
}

// Field by field, whatever the order; a claimed event that is not even canonical JSON is not the same.
function sameEvent (claimed: ConsentEvent, event: ConsentEvent): boolean {
  try {
    return canonicalize(claimed) === canonicalize(event)
  } catch {
    return false
  }
}

function lie (source: string, height: number, why: string): LedgerError {
  return new LedgerError('ERR_BAD_CHAIN_DATA', `Block ${height} from ${source} is not believed: ${why}.`)
}
