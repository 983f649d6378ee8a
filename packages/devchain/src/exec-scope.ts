// What running one transaction shares across its actions and nested contract calls.
import type { GasMeter } from './gas.js'
import type { ContractRecord, WorldState } from './world-state.js'

/** How a contract is called: `withAuth` lends the caller's authority; `internal` (the chain only) may run `init`. */
export interface CallOptions {
  withAuth: boolean
  internal?: boolean
}

/** The transaction being run, as contracts and authority checks see it. */
export interface TxContext {
  hash: string
  publisher: string
  /** Nanoseconds since the epoch. */
  time: bigint
  expiration: bigint
  /** The node's internal values (displayed × 100). */
  gasRatio: number
  gasLimit: number
  actions: Array<{ contract: string, actionName: string, data: string }>
  /** base58 public keys that signed: 1 = a signer's signature, 2 = the publisher's. */
  authList: ReadonlyMap<string, 1 | 2>
}

/** The block the transaction runs in. */
export interface BlockContext {
  number: number
  /** Nanoseconds since the epoch. */
  time: bigint
  parentHash: string
  witness: string
}

/** A `{func_name, content}` entry of a receipt. */
export interface ReceiptEntry {
  funcName: string
  content: string
}

/** One contract call on the call stack. */
export interface CallFrame {
  /** State as this call sees it; a nested call gets its own layer, kept only if it succeeds. */
  world: WorldState
  contract: ContractRecord
  action: string
  /** 1 for an action of the transaction, +1 per nested call. */
  depth: number
  /** `contract-action` of every call below this one, to refuse re-entry as IOST does. */
  stack: readonly string[]
  /** Contracts that lent their authority with callWithAuth (the running contract always has its own). */
  authContracts: ReadonlySet<string>
  /** Who called: the publisher for a transaction's action, else the calling contract. */
  caller: { name: string, isAccount: boolean }
}

/** A failure of a contract call; becomes the receipt's message (IOST code RUNTIME_ERROR unless a timeout). */
export class CallFailure extends Error {
  readonly timeout: boolean

  constructor (message: string, timeout = false) {
    super(message)
    this.name = 'CallFailure'
    this.timeout = timeout
  }
}

/** Everything one transaction's actions share. */
export interface ExecScope {
  /** The transaction's own state, kept only if every action succeeds. */
  world: WorldState
  tx: TxContext
  block: BlockContext
  meter: GasMeter
  receipts: ReceiptEntry[]
  /** RAM bytes added (or freed, negative) per paying account. */
  ram: Map<string, number>
  /** Date.now() by which the whole transaction must be done. */
  deadline: number
  /** Set once a call ran out of time; the transaction then fails with TIMEOUT whatever contracts did. */
  timedOut: boolean
  /** Calls a contract by id or linked name; returns IOST's return array or throws CallFailure. */
  call: (target: string, action: string, argsJson: string, from: CallFrame | null, options: CallOptions) => unknown[]
  /** Lists the methods a contract's code defines; throws CallFailure if it does not load. */
  methods: (world: WorldState, contract: ContractRecord) => string[]
}

/** Records RAM an account pays for (negative when freed). */
export function addRam (scope: ExecScope, account: string, delta: number): void {
  scope.ram.set(account, (scope.ram.get(account) ?? 0) + delta)
}
