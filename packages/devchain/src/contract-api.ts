// The host side of IOST's contract API: what `storage`, `blockchain` and `IOSTCrypto` do when
// a contract calls them. Every operation charges gas, storage writes check keys with the
// node's rule and text and charge RAM to the payer (the contract's owner unless named), and
// every answer is JSON text: `{"v": value}` or `{"e": message}` (the prelude throws the latter).
import createDebug from 'debug'
import { iostCryptoVerify, isValidStorageKey, sha3Base58 } from '@techo/iost'
import { callHasAuth } from './accounts.js'
import { MAX_STORAGE_VALUE_BYTES } from './constants.js'
import { addRam, type CallFrame, type ExecScope } from './exec-scope.js'
import { GAS, OUT_OF_GAS } from './gas.js'
import type { HostBridge } from './sandbox.js'

const log = createDebug('techo:ledger:devchain:contract')
const encoder = new TextEncoder()
const bytes = (text: string): number => encoder.encode(text).length

type Op = (scope: ExecScope, frame: CallFrame, args: unknown[]) => unknown

/** Builds the bridge one sandboxed call uses; it never throws. */
export function makeBridge (scope: ExecScope, frame: CallFrame): HostBridge {
  return (op, argsJson) => {
    try {
      const args: unknown = JSON.parse(argsJson)
      const handler = Object.hasOwn(OPS, op) ? OPS[op] : undefined
      if (handler === undefined || !Array.isArray(args)) return refuse(`unknown host call ${op}`)
      if (scope.meter.exhausted) return refuse(OUT_OF_GAS)
      const value = handler(scope, frame, args)
      if (scope.meter.exhausted) return refuse(OUT_OF_GAS)
      return JSON.stringify({ v: value ?? null })
    } catch (err) {
      return refuse(err instanceof Error ? err.message : 'host call failed')
    }
  }
}

function refuse (message: string): string {
  return JSON.stringify({ e: message })
}

function text (args: unknown[], i: number, what: string): string {
  const value = args[i]
  if (typeof value !== 'string') throw new Error(`${what} must be string`)
  return value
}

function checkKey (...names: string[]): void {
  for (const name of names) {
    const verdict = isValidStorageKey(name)
    if (!verdict.valid) throw new Error(verdict.error)
  }
}

function checkValue (value: string): void {
  if (bytes(value) > MAX_STORAGE_VALUE_BYTES) throw new Error(`storage value too long: at most ${MAX_STORAGE_VALUE_BYTES} bytes`)
}

function payRam (scope: ExecScope, frame: CallFrame, payer: unknown, delta: number): void {
  addRam(scope, typeof payer === 'string' && payer !== '' ? payer : frame.contract.owner, delta)
}

function read (scope: ExecScope, frame: CallFrame, cid: string, key: string, field: string | null): string | null {
  const world = frame.world
  const value = field === null ? world.get(cid, key) : world.mapGet(cid, key, field)
  scope.meter.charge(GAS.storageRead + bytes(key) + (field === null ? 0 : bytes(field)) + (value === null ? 0 : bytes(value)))
  return value
}

function fields (scope: ExecScope, frame: CallFrame, cid: string, key: string): string[] {
  const list = frame.world.mapKeys(cid, key)
  scope.meter.charge(GAS.storageRead + bytes(key) + GAS.mapField * list.length)
  return list
}

const OPS: Record<string, Op> = {
  put: (scope, frame, args) => {
    const key = text(args, 0, 'key')
    const value = text(args, 1, 'storage put value')
    checkKey(key)
    checkValue(value)
    scope.meter.charge(GAS.storageWrite + bytes(key) + bytes(value))
    payRam(scope, frame, args[2], frame.world.put(frame.contract.id, key, value))
  },
  get: (scope, frame, args) => read(scope, frame, frame.contract.id, text(args, 0, 'key'), null),
  has: (scope, frame, args) => read(scope, frame, frame.contract.id, text(args, 0, 'key'), null) !== null,
  del: (scope, frame, args) => {
    const key = text(args, 0, 'key')
    checkKey(key)
    scope.meter.charge(GAS.storageDelete + bytes(key))
    payRam(scope, frame, undefined, frame.world.del(frame.contract.id, key))
  },
  mapPut: (scope, frame, args) => {
    const key = text(args, 0, 'key')
    const field = text(args, 1, 'field')
    const value = text(args, 2, 'storage mapPut value')
    checkKey(key, field)
    checkValue(value)
    scope.meter.charge(GAS.storageWrite + bytes(key) + bytes(field) + bytes(value))
    payRam(scope, frame, args[3], frame.world.mapPut(frame.contract.id, key, field, value))
  },
  mapGet: (scope, frame, args) => read(scope, frame, frame.contract.id, text(args, 0, 'key'), text(args, 1, 'field')),
  mapHas: (scope, frame, args) => read(scope, frame, frame.contract.id, text(args, 0, 'key'), text(args, 1, 'field')) !== null,
  mapKeys: (scope, frame, args) => fields(scope, frame, frame.contract.id, text(args, 0, 'key')),
  mapLen: (scope, frame, args) => fields(scope, frame, frame.contract.id, text(args, 0, 'key')).length,
  mapDel: (scope, frame, args) => {
    const key = text(args, 0, 'key')
    const field = text(args, 1, 'field')
    checkKey(key, field)
    scope.meter.charge(GAS.storageDelete + bytes(key) + bytes(field))
    payRam(scope, frame, undefined, frame.world.mapDel(frame.contract.id, key, field))
  },
  globalHas: (scope, frame, args) => read(scope, frame, frame.world.resolve(text(args, 0, 'contract')), text(args, 1, 'key'), null) !== null,
  globalGet: (scope, frame, args) => read(scope, frame, frame.world.resolve(text(args, 0, 'contract')), text(args, 1, 'key'), null),
  globalMapHas: (scope, frame, args) => read(scope, frame, frame.world.resolve(text(args, 0, 'contract')), text(args, 1, 'key'), text(args, 2, 'field')) !== null,
  globalMapGet: (scope, frame, args) => read(scope, frame, frame.world.resolve(text(args, 0, 'contract')), text(args, 1, 'key'), text(args, 2, 'field')),
  globalMapKeys: (scope, frame, args) => fields(scope, frame, frame.world.resolve(text(args, 0, 'contract')), text(args, 1, 'key')),
  globalMapLen: (scope, frame, args) => fields(scope, frame, frame.world.resolve(text(args, 0, 'contract')), text(args, 1, 'key')).length,

  transfer: () => {
    throw new Error('token transfers are not supported by the dev chain (it has no token.iost)')
  },
  call: (scope, frame, args) => nestedCall(scope, frame, args, false),
  callWithAuth: (scope, frame, args) => nestedCall(scope, frame, args, true),
  requireAuth: (scope, frame, args) => {
    const id = text(args, 0, 'account')
    const permission = text(args, 1, 'permission')
    scope.meter.charge(GAS.context)
    return callHasAuth(frame, new Set(scope.tx.authList.keys()), id, permission)
  },
  receipt: (scope, frame, args) => {
    const content = text(args, 0, 'receipt')
    scope.meter.charge(GAS.receipt + bytes(content))
    scope.receipts.push({ funcName: `${frame.contract.id}/${frame.action}`, content })
  },
  event: (scope, frame, args) => {
    const content = text(args, 0, 'event')
    scope.meter.charge(GAS.receipt + bytes(content))
    log('event from %s: %s', frame.contract.id, content)
  },
  sha3: (scope, _frame, args) => {
    const data = text(args, 0, 'data')
    scope.meter.charge(GAS.sha3 + bytes(data))
    return sha3Base58(data)
  },
  verify: (scope, _frame, args) => {
    scope.meter.charge(GAS.verify)
    return iostCryptoVerify(text(args, 0, 'algo'), text(args, 1, 'message'), text(args, 2, 'signature'), text(args, 3, 'pubkey'))
  },
  log: (_scope, frame, args) => {
    log('%s: %s', frame.contract.id, text(args, 0, 'log'))
  }
}

function nestedCall (scope: ExecScope, frame: CallFrame, args: unknown[], withAuth: boolean): unknown[] {
  const target = text(args, 0, 'contract')
  const action = text(args, 1, 'abi')
  // A failed call (CallFailure) reaches the calling contract as an error it may catch.
  return scope.call(target, action, text(args, 2, 'args'), frame, { withAuth })
}
