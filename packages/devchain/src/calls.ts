// Calling a contract, for a transaction's action or from another contract: resolve a linked
// name, refuse re-entry and calls deeper than IOST allows, check the arguments against the
// ABI, then run native code or the JavaScript sandbox on a forked state that is kept only if
// the call succeeds.
import type { Script } from 'node:vm'
import { checkArgs } from './abi.js'
import { MAX_CALL_DEPTH, MAX_RESULT_BYTES } from './constants.js'
import { makeBridge } from './contract-api.js'
import { CallFailure, type CallFrame, type CallOptions, type ExecScope } from './exec-scope.js'
import { GAS, OUT_OF_GAS } from './gas.js'
import { compileContract, runInSandbox, type SandboxOutcome } from './sandbox.js'
import { callNative, nativeContract } from './system-contracts.js'
import type { ContractRecord, WorldState } from './world-state.js'

const encoder = new TextEncoder()

/** Calls `action` of a contract (id or linked name); returns IOST's return array or throws CallFailure. */
export function callContract (scope: ExecScope, target: string, action: string, argsJson: string, from: CallFrame | null, options: CallOptions): unknown[] {
  const parentWorld = from === null ? scope.world : from.world
  const depth = from === null ? 1 : from.depth + 1
  if (depth > MAX_CALL_DEPTH) throw new CallFailure(`stack height exceed. actual ${depth}`)
  const id = parentWorld.resolve(target)
  const record = `${id}-${action}`
  if (from !== null && from.stack.includes(record)) throw new CallFailure('re-entering')

  const native = nativeContract(id)
  const contract = native ?? parentWorld.contract(id)
  if (contract === null) throw new CallFailure(`prepare contract: contract ${id} not found`)
  if (!scope.meter.charge(native === null ? GAS.jsCall : GAS.nativeCall)) throw new CallFailure(OUT_OF_GAS)
  const args = prepareArgs(contract, action, argsJson, options.internal === true)

  const world = parentWorld.fork()
  const authContracts = new Set(from?.authContracts)
  if (from !== null && options.withAuth) authContracts.add(from.contract.id)
  const frame: CallFrame = {
    world,
    contract,
    action,
    depth,
    stack: from === null ? [record] : [...from.stack, record],
    authContracts,
    caller: from === null ? { name: scope.tx.publisher, isAccount: true } : { name: from.contract.id, isAccount: false }
  }
  const rtn = native === null ? runJs(scope, frame, args) : callNative(scope, frame, JSON.parse(args) as unknown[])
  world.keep()
  return rtn
}

function prepareArgs (contract: ContractRecord, action: string, argsJson: string, internal: boolean): string {
  // `init` is not in a contract's ABI: only setCode runs it, with no arguments.
  if (internal && action === 'init') return '[]'
  const abi = contract.abi.find(entry => entry.name === action)
  if (abi === undefined) throw new CallFailure(`prepare contract: abi ${action} not found`)
  try {
    return checkArgs(abi, argsJson)
  } catch (err) {
    throw new CallFailure(`prepare contract: ${(err as Error).message}`)
  }
}

// A JavaScript action returns one text (go-iost's VM wraps it in a one-element array), at most
// 64 KiB of it.
function runJs (scope: ExecScope, frame: CallFrame, argsJson: string): unknown[] {
  const outcome = runContractCode(scope, frame, frame.action, argsJson)
  if (outcome.kind !== 'returned') throw new CallFailure('the contract listed its methods instead of running an action')
  if (encoder.encode(outcome.text).length > MAX_RESULT_BYTES) throw new CallFailure('result too long')
  return [outcome.text]
}

/** Lists the methods a contract's code defines (to check an ABI before deploying it). */
export function contractMethods (scope: ExecScope, world: WorldState, contract: ContractRecord): string[] {
  // Whatever the code's top level writes while being listed is dropped with this fork.
  const frame: CallFrame = {
    world: world.fork(), contract, action: '', depth: 1, stack: [], authContracts: new Set(), caller: { name: scope.tx.publisher, isAccount: true }
  }
  const outcome = runContractCode(scope, frame, '', '[]')
  if (outcome.kind === 'methods') return outcome.names
  throw new CallFailure('the contract code did not load')
}

function runContractCode (scope: ExecScope, frame: CallFrame, action: string, argsJson: string): Exclude<SandboxOutcome, { kind: 'threw' } | { kind: 'timeout' }> {
  const { contract } = frame
  const env = {
    contract: contract.id,
    owner: contract.owner,
    action,
    argsJson,
    txJson: txInfo(scope),
    blockJson: JSON.stringify({
      number: scope.block.number,
      parent_hash: scope.block.parentHash,
      witness: scope.block.witness,
      time: Number(scope.block.time)
    }),
    contextJson: JSON.stringify({
      contract_name: contract.id,
      abi_name: action,
      caller: { name: frame.caller.name, is_account: frame.caller.isAccount }
    })
  }
  const outcome = runInSandbox(compiled(contract), env, makeBridge(scope, frame), scope.deadline - Date.now())
  if (outcome.kind === 'timeout') {
    scope.timedOut = true
    throw new CallFailure('execution killed', true)
  }
  if (outcome.kind === 'threw') throw new CallFailure(outcome.message)
  return outcome
}

// The `tx` object of IOST's contract API.
function txInfo (scope: ExecScope): string {
  const { tx } = scope
  return JSON.stringify({
    time: Number(tx.time),
    hash: tx.hash,
    expiration: Number(tx.expiration),
    gas_limit: tx.gasLimit / 100,
    gas_ratio: tx.gasRatio / 100,
    auth_list: Object.fromEntries(tx.authList),
    publisher: tx.publisher,
    actions: tx.actions.map(a => ({ contract: a.contract, action_name: a.actionName, data: a.data }))
  })
}

// Compiling is the slow part of a call, so each distinct source is compiled once per process.
const scripts = new Map<string, Script>()
function compiled (contract: ContractRecord): Script {
  let script = scripts.get(contract.code)
  if (script === undefined) {
    try {
      script = compileContract(contract.code, contract.id)
    } catch (err) {
      throw new CallFailure(`compile contract: ${(err as Error).message}`)
    }
    scripts.set(contract.code, script)
  }
  return script
}
