// Waiting for a transaction's receipt and reading its verdict. The receipt is polled here
// rather than through the SDK, whose polling hides a node that stopped answering.
import { sleep } from './sleep.js'
import { LedgerError, isContractCode } from './errors.js'
import type { ChainNodes } from './nodes.js'
import type { TxReceiptJson } from './rpc.js'

/** How long to wait for a receipt and how often to ask. */
export interface ReceiptWait {
  timeoutMs: number
  pollMs: number
}

/**
 * Resolves to the transaction's receipt once a quorum of the nodes show the same one; throws
 * ERR_TIMEOUT or ERR_CHAIN_UNREACHABLE. Nodes that disagree (one has the block, another not yet)
 * are asked again.
 */
export async function waitForReceipt (nodes: ChainNodes, txHash: string, wait: ReceiptWait): Promise<TxReceiptJson> {
  const deadline = Date.now() + wait.timeoutMs
  for (;;) {
    const receipt = await nodes.agreed(`the receipt of transaction ${txHash}`, async node => await node.receipt(txHash)).catch((err: unknown) => {
      if (err instanceof LedgerError && err.code === 'ERR_NO_QUORUM') return null
      throw err
    })
    if (receipt !== null) return receipt
    if (Date.now() + wait.pollMs > deadline) {
      throw new LedgerError('ERR_TIMEOUT',
        `Transaction ${txHash} was not in a block after ${Math.round(wait.timeoutMs / 1000)} s; it may still be included until it expires, so read the state before sending again.`,
        { txHash })
    }
    await sleep(wait.pollMs)
  }
}

// The contract's refusals start with their code ("ERR_STALE_NONCE: The payload's nonce ...");
// a node wraps them in its own text and may append a stack trace on the following lines.
const CONTRACT_REFUSAL = /\b(ERR_[A-Z_]+): ([^\n]*)/

/** Returns the receipt if the transaction succeeded; otherwise throws the LedgerError its failure stands for. */
export function checkReceipt (receipt: TxReceiptJson, txHash: string): TxReceiptJson {
  if (receipt.status_code === 'SUCCESS') return receipt
  const refusal = CONTRACT_REFUSAL.exec(receipt.message ?? '')
  const code = refusal?.[1]
  if (code !== undefined && isContractCode(code)) {
    throw new LedgerError(code, (refusal?.[2] ?? '').trim(), { txHash })
  }
  throw new LedgerError('ERR_CHAIN_REFUSED', `The chain could not run transaction ${txHash} (${receipt.status_code}): ${firstLine(receipt.message)}`, { txHash })
}

function firstLine (text: string | undefined): string {
  const line = (text ?? '').split('\n')[0]?.trim() ?? ''
  return line === '' ? 'no reason given.' : line
}
