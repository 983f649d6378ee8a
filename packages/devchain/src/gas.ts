// The dev chain's gas: a deterministic cost per operation, so the same transaction always
// costs the same. It is shaped like IOST's (a byte cost for the transaction, a flag-down fare
// per contract call, fixed costs plus bytes for storage, crypto and receipts) but the numbers
// are the dev chain's own; JavaScript instructions are not counted, only host calls, and the
// per-transaction time limit bounds pure computation instead.
//
// Units are IOST's displayed gas. A transaction may spend gasLimit / gasRatio gas, and its
// receipt reports the gas spent times the gas ratio, as IOST's does.

/** Gas per operation. */
export const GAS = {
  /** Per byte of the transaction's full encoding (IOST charges its network size). */
  txByte: 1,
  /** Flag-down fare for each call into a JavaScript contract. */
  jsCall: 1000,
  /** Flag-down fare for each call into a native system contract. */
  nativeCall: 100,
  /** Storage: fixed part, plus one per byte of key, field and value touched. */
  storageRead: 100,
  storageWrite: 300,
  storageDelete: 100,
  /** Per field listed by mapKeys/mapLen. */
  mapField: 10,
  /** IOSTCrypto.sha3: fixed part plus one per input byte. */
  sha3: 100,
  /** IOSTCrypto.verify. */
  verify: 500,
  /** blockchain.receipt / event: fixed part plus one per content byte. */
  receipt: 100,
  /** requireAuth and the other context reads. */
  context: 100,
  /** Deploying or updating code: fixed part plus one per byte of the contract. */
  setCode: 1000,
  /** Per byte of an action's return value. */
  returnByte: 1
} as const

/** Thrown (as an in-sandbox error) once a transaction has spent its gas. */
export const OUT_OF_GAS = 'out of gas'

/** Counts the gas one transaction spends against its limit. */
export class GasMeter {
  /** Gas spent so far (before the ratio). */
  used = 0
  /** Set once a charge went over the budget; the transaction fails however the contract reacts. */
  exhausted = false
  private readonly budget: number
  private readonly ratio: number

  /** `gasRatio` and `gasLimit` are the node's internal values (displayed value × 100). */
  constructor (internalGasRatio: number, internalGasLimit: number) {
    this.ratio = internalGasRatio / 100
    this.budget = internalGasLimit / internalGasRatio
  }

  /** Adds a cost; returns false (and marks the meter exhausted) if the budget is now exceeded. */
  charge (gas: number): boolean {
    this.used += gas
    if (this.used > this.budget) this.exhausted = true
    return !this.exhausted
  }

  /** The gas the receipt reports: all of the limit when exhausted, otherwise what was spent, times the ratio. */
  billed (): number {
    const spent = this.exhausted ? this.budget : this.used
    return Math.round(spent * this.ratio * 100) / 100
  }
}
