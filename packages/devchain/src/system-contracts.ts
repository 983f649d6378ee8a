// The native contracts the dev chain has, with IOST's names, arguments and error texts:
// system.iost (setCode, updateCode, requireAuth, receipt), domain.iost (link, IOST's name
// service), auth.iost (signUp) and, so the SDK's newAccount works, gas.iost pledge and ram.iost
// buy, which accept and do nothing because the dev chain does not meter gas or RAM per account.
import { base58Decode, isValidStorageKey } from '@techo/iost'
import { parseContractCode, type ContractCode } from './abi.js'
import { callHasAuth, isValidAccountName } from './accounts.js'
import { addRam, CallFailure, type CallFrame, type ExecScope } from './exec-scope.js'
import { GAS } from './gas.js'
import { isLinkedName, type AbiEntry, type ContractRecord, type WorldState } from './world-state.js'

type NativeAction = (scope: ExecScope, frame: CallFrame, args: unknown[]) => unknown[]
interface NativeEntry { args: string[], run: NativeAction }

const encoder = new TextEncoder()
const bytes = (text: string): number => encoder.encode(text).length
const fail = (message: string): never => { throw new CallFailure(message) }
const authKeys = (scope: ExecScope): Set<string> => new Set(scope.tx.authList.keys())

const NATIVE: Record<string, Record<string, NativeEntry>> = {
  'system.iost': {
    setCode: { args: ['string'], run: setCode },
    updateCode: { args: ['string', 'string'], run: updateCode },
    requireAuth: {
      args: ['string', 'string'],
      run: (scope, frame, [id, permission]) => [callHasAuth(frame, authKeys(scope), id as string, permission as string)]
    },
    receipt: {
      args: ['string'],
      run: (scope, frame, [content]) => {
        scope.meter.charge(GAS.receipt + bytes(content as string))
        scope.receipts.push({ funcName: `${frame.contract.id}/${frame.action}`, content: content as string })
        return []
      }
    }
  },
  'domain.iost': { link: { args: ['string', 'string'], run: link } },
  'auth.iost': { signUp: { args: ['string', 'string', 'string'], run: signUp } },
  'gas.iost': { pledge: { args: ['string', 'string', 'string'], run: () => [] } },
  'ram.iost': { buy: { args: ['string', 'string', 'number'], run: () => [] } }
}

/** Returns a native contract as a contract record (ABI included), or null if the id is not one. */
export function nativeContract (id: string): ContractRecord | null {
  const actions = Object.hasOwn(NATIVE, id) ? NATIVE[id] : undefined
  if (actions === undefined) return null
  const abi: AbiEntry[] = Object.entries(actions).map(([name, entry]) => ({ name, args: entry.args, amountLimit: [] }))
  return { id, code: '', lang: 'native', version: '1.0.0', abi, owner: id }
}

/** Runs an action of a native contract whose arguments were already checked against its ABI. */
export function callNative (scope: ExecScope, frame: CallFrame, args: unknown[]): unknown[] {
  // The caller found the action in nativeContract()'s ABI, so the entry exists.
  const entry = NATIVE[frame.contract.id]?.[frame.action] as NativeEntry
  return entry.run(scope, frame, args)
}

function readCode (text: unknown): ContractCode {
  try {
    return parseContractCode(text as string)
  } catch (err) {
    return fail((err as Error).message)
  }
}

// The code must define every action its ABI lists (and init, which setCode runs).
function install (scope: ExecScope, world: WorldState, contract: ContractRecord): void {
  const methods = scope.methods(world, contract)
  for (const name of [...contract.abi.map(a => a.name), 'init']) {
    if (!methods.includes(name)) fail(`abi ${name} not found in the contract code`)
  }
  scope.meter.charge(GAS.setCode + bytes(contract.code))
  addRam(scope, contract.owner, world.putContract(contract))
}

function setCode (scope: ExecScope, frame: CallFrame, [text]: unknown[]): unknown[] {
  const code = readCode(text)
  const id = `Contract${scope.tx.hash}`
  if (frame.world.contract(id) !== null) fail('contract exists')
  install(scope, frame.world, { id, code: code.code, lang: code.lang, version: code.version, abi: code.abi, owner: scope.tx.publisher })
  scope.call(id, 'init', '[]', frame, { withAuth: false, internal: true })
  return [id]
}

function updateCode (scope: ExecScope, frame: CallFrame, [text, data]: unknown[]): unknown[] {
  const code = readCode(text)
  const old = frame.world.contract(code.id) ?? fail('contract not exists')
  if (!old.abi.some(a => a.name === 'can_update')) fail('update refused')
  let allowed: unknown[]
  try {
    allowed = scope.call(old.id, 'can_update', JSON.stringify([data]), frame, { withAuth: false })
  } catch (err) {
    const failure = err as CallFailure
    throw new CallFailure(`call can_update: ${failure.message}`, failure.timeout)
  }
  if (allowed[0] !== 'true') fail('update refused')
  install(scope, frame.world, { id: old.id, code: code.code, lang: code.lang, version: code.version, abi: code.abi, owner: old.owner })
  return []
}

function link (scope: ExecScope, frame: CallFrame, [url, cid]: unknown[]): unknown[] {
  const name = url as string
  const verdict = isValidStorageKey(name)
  if (!verdict.valid) fail(verdict.error)
  if (!isLinkedName(name)) fail(`url invalid: ${name} is a contract id or a system contract name`)
  const applicant = scope.tx.publisher
  const owner = frame.world.linkOwner(name)
  if (owner !== null && owner !== applicant) fail('no privilege of claimed url')
  if (!callHasAuth(frame, authKeys(scope), applicant, 'active')) fail('no permission of claimed url')
  if (frame.world.contract(cid as string) === null) fail('contract not exists')
  scope.meter.charge(2 * (GAS.storageWrite + bytes(name)) + bytes(cid as string) + bytes(applicant))
  frame.world.link(name, cid as string, applicant)
  return []
}

function signUp (scope: ExecScope, frame: CallFrame, [name, ownerKey, activeKey]: unknown[]): unknown[] {
  const id = name as string
  if (!isValidAccountName(id)) fail(`id invalid. id length should be between 5,11 and contain only a-z, 0-9 and _ > ${id}`)
  if (frame.world.account(id) !== null) fail(`id existed > ${id}`)
  for (const key of [ownerKey, activeKey]) {
    if (base58Decode(key as string).length !== 32) fail(`invalid public key: ${String(key)}`)
  }
  const account = { name: id, owner: ownerKey as string, active: activeKey as string, createTime: scope.block.time.toString() }
  scope.meter.charge(GAS.storageWrite + bytes(JSON.stringify(account)))
  frame.world.putAccount(account)
  addRam(scope, scope.tx.publisher, bytes(JSON.stringify(account)))
  return []
}
