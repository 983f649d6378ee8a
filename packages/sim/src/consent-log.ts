// Every consent transaction of a run, as the party that signed it and the block it landed in. Set-up
// and the lead's actions during the run both write here; the invariant checker rebuilds the consent
// state at any block from it, and the report counts transactions and gas per action from it.
import { buildPayload, signConsentPayload, type ActionFields, type ConsentAction, type Ledger, type Scope } from '@techo/ledger'
import type { MasterKey } from '@techo/identity'

export interface ConsentRecord {
  action: ConsentAction
  /** Party index of the signer. */
  party: number
  /** approveDevice / revokeDevice: the device index. */
  device?: number
  /** grant / revoke: the clinic's party index. */
  clinic?: number
  scope?: Scope
  /** grant: wall-clock ms (epoch) at which it lapses. */
  until?: number
  block: number
  gas: number
  /** Wall-clock ms the transaction was sent and its receipt read. */
  sentAt: number
  doneAt: number
  phase: 'setup' | 'run'
}

/** Signs `fields` as `signer` with the given nonce, publishes it and returns its record. */
export async function publish<A extends ConsentAction> (
  ledger: Ledger, contract: string, signer: MasterKey, nonce: number, action: A, fields: ActionFields[A],
  record: Omit<ConsentRecord, 'action' | 'block' | 'gas' | 'sentAt' | 'doneAt'>
): Promise<ConsentRecord> {
  const sentAt = Date.now()
  const payload = buildPayload(action, fields, { contract, signer: signer.id, nonce, expires: sentAt + 10 * 60_000 })
  const result = await ledger.submit(action, signConsentPayload(signer.seed, payload))
  return { action, ...record, block: result.event.block, gas: result.gasUsage, sentAt, doneAt: Date.now() }
}
