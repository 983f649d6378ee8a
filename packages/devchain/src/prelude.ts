// The JavaScript that runs first in every contract sandbox, before any contract code. It
// builds IOST's contract API (storage, blockchain, IOSTCrypto, tx, block, console) on top of a
// single host function that takes and returns JSON text, so no object of the host's realm ever
// reaches contract code (such an object's constructor would lead back to the host's Function
// and out of the sandbox). Errors from the host are re-thrown as this realm's own Error.
//
// It also removes what would make a contract nondeterministic (Date, Math.random, weak refs,
// shared memory), as IOST's VM does, and defines `__techo_invoke`, which loads the contract
// and runs one action inside a try/catch so everything the host gets back is a string.
// IOST's Int64, Float64 and BigNumber helpers are not provided (the language's BigInt is).

/** Source of the prelude: evaluates to a function `(bridge, envJson) => setLoader`. */
export const PRELUDE_SOURCE = String.raw`'use strict';
(function (bridge, envJson) {
  const g = globalThis
  let loader = null
  const parse = JSON.parse
  const stringify = JSON.stringify
  const toText = String
  const Err = Error
  const freeze = Object.freeze
  const env = parse(envJson)

  const host = function (op, args) {
    let out
    try {
      out = parse(bridge(op, stringify(args)))
    } catch (e) {
      throw new Err('host call ' + op + ' failed')
    }
    if (out.e !== undefined) throw new Err(out.e)
    return out.v
  }
  const argsOf = function (args) { return typeof args === 'string' ? args : stringify(args) }
  const define = function (name, value) {
    Object.defineProperty(g, name, { value: value, writable: false, enumerable: false, configurable: false })
  }

  const storage = freeze({
    put: function (k, v, p) { if (typeof v !== 'string') throw new Err('storage put must be string'); host('put', [k, v, p]) },
    get: function (k) { return host('get', [k]) },
    has: function (k) { return host('has', [k]) },
    del: function (k) { host('del', [k]) },
    mapPut: function (k, f, v, p) { if (typeof v !== 'string') throw new Err('storage mapPut must be string'); host('mapPut', [k, f, v, p]) },
    mapGet: function (k, f) { return host('mapGet', [k, f]) },
    mapHas: function (k, f) { return host('mapHas', [k, f]) },
    mapKeys: function (k) { return host('mapKeys', [k]) },
    mapLen: function (k) { return host('mapLen', [k]) },
    mapDel: function (k, f) { host('mapDel', [k, f]) },
    globalHas: function (c, k) { return host('globalHas', [c, k]) },
    globalGet: function (c, k) { return host('globalGet', [c, k]) },
    globalMapHas: function (c, k, f) { return host('globalMapHas', [c, k, f]) },
    globalMapGet: function (c, k, f) { return host('globalMapGet', [c, k, f]) },
    globalMapKeys: function (c, k) { return host('globalMapKeys', [c, k]) },
    globalMapLen: function (c, k) { return host('globalMapLen', [c, k]) }
  })
  const blockchain = freeze({
    transfer: function (from, to, amount, memo) { host('transfer', [from, to, amount, memo]) },
    withdraw: function (to, amount, memo) { host('transfer', [env.contract, to, amount, memo]) },
    deposit: function (from, amount, memo) { host('transfer', [from, env.contract, amount, memo]) },
    blockInfo: function () { return env.blockJson },
    txInfo: function () { return env.txJson },
    contextInfo: function () { return env.contextJson },
    contractName: function () { return env.contract },
    contractOwner: function () { return env.owner },
    publisher: function () { return parse(env.txJson).publisher },
    call: function (c, abi, args) { return host('call', [c, abi, argsOf(args)]) },
    callWithAuth: function (c, abi, args) { return host('callWithAuth', [c, abi, argsOf(args)]) },
    requireAuth: function (id, perm) { return host('requireAuth', [id, perm]) },
    receipt: function (data) { host('receipt', [data]) },
    event: function (data) { host('event', [data]) }
  })
  const IOSTCrypto = freeze({
    sha3: function (data) { return host('sha3', [data]) },
    verify: function (algo, msg, sig, pub) { return host('verify', [algo, msg, sig, pub]) }
  })

  define('storage', storage)
  define('blockchain', blockchain)
  define('BlockChain', blockchain)
  define('IOSTCrypto', IOSTCrypto)
  define('tx', freeze(parse(env.txJson)))
  define('block', freeze(parse(env.blockJson)))
  define('console', freeze({ log: function () { host('log', [Array.prototype.map.call(arguments, toText).join(' ')]) } }))
  define('module', { exports: {} })

  for (const name of ['Date', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'WeakRef', 'FinalizationRegistry']) delete g[name]
  delete Math.random

  // Runs the action named in env (or, for 'methods', lists the contract's methods) and
  // answers with JSON text; nothing a contract throws leaves this function unconverted.
  define('__techo_invoke', function () {
    try {
      loader(g.module)
      const Contract = g.module.exports
      if (typeof Contract !== 'function') return stringify({ error: 'the contract does not export a class (module.exports)' })
      if (env.action === '') {
        const names = []
        for (let p = Contract.prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
          for (const n of Object.getOwnPropertyNames(p)) if (typeof p[n] === 'function' && names.indexOf(n) < 0) names.push(n)
        }
        return stringify({ methods: names })
      }
      const instance = new Contract()
      if (typeof instance[env.action] !== 'function') return stringify({ error: 'function ' + env.action + ' not found in the contract' })
      // go-iost's rule: a function or object (null too) is JSON-encoded; a string, number or
      // boolean is returned as its text; anything else (undefined) as empty text.
      let value = instance[env.action].apply(instance, parse(env.argsJson))
      if (typeof value === 'function' || typeof value === 'object' || typeof value === 'bigint') value = stringify(value)
      const kind = typeof value
      return stringify({ ret: kind === 'string' || kind === 'number' || kind === 'boolean' ? toText(value) : '' })
    } catch (e) {
      let message
      try { message = toText(e) } catch (_) { message = 'uncaught exception' }
      return stringify({ error: message })
    }
  })
  return function (contractLoader) { loader = contractLoader }
})`
