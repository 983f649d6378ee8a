// Every failure the ledger client reports is a LedgerError with a stable code. The codes the
// consent contract throws (the message of its refusal starts with the code) arrive under the
// same names, so a refusal reads the same whether the client or the chain caught it.
import { CodedError } from '@techo/errors'

export type LedgerErrorCode =
  // Refusals by the consent contract.
  | 'ERR_BAD_SIGNATURE' // the signature does not match the payload and its signer
  | 'ERR_STALE_NONCE' // the payload's nonce is not the signer's next nonce
  | 'ERR_EXPIRED' // the payload expired before it reached a block
  | 'ERR_NOT_REGISTERED' // a party (signer or clinic) is not registered, or not of the needed kind
  | 'ERR_NOT_AUTHORISED' // the signer may not do this (another party's device or notebook)
  | 'ERR_PAYLOAD_TOO_LARGE' // the payload is over the contract's size limit
  | 'ERR_BAD_PAYLOAD' // the payload is malformed, for another action or contract, or has unknown fields
  | 'ERR_ALREADY_REGISTERED' // the party is already registered
  | 'ERR_NO_GRANT' // there is no active grant to revoke
  | 'ERR_STALE_SEQUENCE' // an anchor's sequence is not above its signer's last one on the notebook
  | 'ERR_BAD_PROOF' // a device approval lacks the device's own proof of possession, or it does not verify
  // Failures found by the client or the chain.
  | 'ERR_BAD_INPUT' // the caller passed a value the client will not sign
  | 'ERR_NO_CONTRACT' // the configured contract (id or linked name) does not answer
  | 'ERR_BAD_CHAIN_DATA' // the chain returned a value the consent contract never writes
  | 'ERR_CHAIN_REFUSED' // the chain refused the transaction or failed running it
  | 'ERR_CHAIN_UNREACHABLE' // the chain's HTTP API did not answer
  | 'ERR_NO_QUORUM' // the chain nodes gave different answers, and too few agreed to believe one
  | 'ERR_TIMEOUT' // no receipt arrived in time

/** A ledger failure: `code` is stable, `message` is one plain sentence naming what was wrong. */
export class LedgerError extends CodedError<LedgerErrorCode> {
  override readonly name = 'LedgerError'
  /** The transaction hash, when a transaction was sent. */
  readonly txHash: string | undefined

  constructor (code: LedgerErrorCode, message: string, options?: { cause?: unknown, txHash?: string }) {
    super(code, message, options)
    this.txHash = options?.txHash
  }
}

const CONTRACT_CODES: ReadonlySet<string> = new Set<LedgerErrorCode>([
  'ERR_BAD_SIGNATURE', 'ERR_STALE_NONCE', 'ERR_EXPIRED', 'ERR_NOT_REGISTERED', 'ERR_NOT_AUTHORISED',
  'ERR_PAYLOAD_TOO_LARGE', 'ERR_BAD_PAYLOAD', 'ERR_ALREADY_REGISTERED', 'ERR_NO_GRANT', 'ERR_STALE_SEQUENCE', 'ERR_BAD_PROOF'
])

/** Returns true if the code is one the consent contract throws. */
export function isContractCode (code: string): code is LedgerErrorCode {
  return CONTRACT_CODES.has(code)
}
