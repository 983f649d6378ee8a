// Running one transaction, as IOST's isolator does: its actions in order on a forked state;
// the first failing action stops the transaction, drops all its writes, receipts and return
// values, and sets the status: RUNTIME_ERROR with "running action ... error: ..." (IOST also
// reports running out of gas as RUNTIME_ERROR, message "out of gas", with the whole limit
// billed), or TIMEOUT when the execution time limit killed a call.
import createDebug from 'debug'
import { goJsonMarshal } from '@techo/iost'
import { callContract, contractMethods } from './calls.js'
import { TX_EXEC_TIME_LIMIT_MS } from './constants.js'
import { CallFailure, type BlockContext, type ExecScope } from './exec-scope.js'
import { GAS, GasMeter, OUT_OF_GAS } from './gas.js'
import type { AcceptedTx, ReceiptRecord, StatusCode } from './records.js'
import type { WorldState } from './world-state.js'

const log = createDebug('techo:ledger:devchain:exec')
const encoder = new TextEncoder()

/** Runs a transaction against the block's state; its writes are kept only if it succeeds. */
export function executeTx (blockWorld: WorldState, accepted: AcceptedTx, block: BlockContext): ReceiptRecord {
  const tx = accepted.context
  const meter = new GasMeter(tx.gasRatio, tx.gasLimit)
  meter.charge(GAS.txByte * accepted.fullLength)
  const scope: ExecScope = {
    world: blockWorld.fork(),
    tx,
    block,
    meter,
    receipts: [],
    ram: new Map(),
    deadline: Date.now() + TX_EXEC_TIME_LIMIT_MS,
    timedOut: false,
    call: (target, action, argsJson, from, options) => callContract(scope, target, action, argsJson, from, options),
    methods: (world, contract) => contractMethods(scope, world, contract)
  }
  const returns: string[] = []
  let status: StatusCode = 'SUCCESS'
  let message = ''
  for (const action of tx.actions) {
    let failure: string | null = null
    try {
      // The isolator json.Marshals the action's return array into the receipt.
      const ret = goJsonMarshal(scope.call(action.contract, action.actionName, action.data, null, { withAuth: false }))
      meter.charge(GAS.returnByte * encoder.encode(ret).length)
      returns.push(ret)
    } catch (err) {
      if (!(err instanceof CallFailure)) log('unexpected failure in tx %s: %O', tx.hash, err)
      failure = err instanceof Error ? err.message : String(err)
    }
    if (meter.exhausted) {
      status = 'RUNTIME_ERROR'
      message = OUT_OF_GAS
    } else if (scope.timedOut) {
      status = 'TIMEOUT'
      message = `running action ${describe(action)} error: execution killed`
    } else if (failure !== null) {
      status = 'RUNTIME_ERROR'
      message = `running action ${describe(action)} error: ${failure}`
    }
    if (status !== 'SUCCESS') break
  }
  if (status !== 'SUCCESS') {
    log('tx %s failed: %s %s', tx.hash, status, message)
    return { txHash: tx.hash, gasUsage: meter.billed(), ramUsage: {}, statusCode: status, message, returns: [], receipts: [] }
  }
  scope.world.keep()
  const ramUsage = Object.fromEntries([...scope.ram].filter(([, delta]) => delta !== 0))
  return { txHash: tx.hash, gasUsage: meter.billed(), ramUsage, statusCode: status, message, returns, receipts: scope.receipts }
}

// go-iost's Action.String(), cut to 100 characters as the isolator cuts it.
function describe (action: { contract: string, actionName: string, data: string }): string {
  const text = [...`Action{Contract: ${action.contract}, ActionName: ${action.actionName}, Data: ${action.data}}`]
  return text.length > 100 ? text.slice(0, 100).join('') + '...' : text.join('')
}
