// What contract code can and cannot do on the dev chain: IOST's contract API (storage,
// blockchain, IOSTCrypto, tx, block), the storage key rule, nested calls and authority, and
// the sandbox's limits (no way out to Node, a time limit, gas).
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { base58Encode, sha3Base58 } from '@techo/iost'
import { startDevChain, type DevChain } from '../src/index.js'
import { deploy, rpcOf, runTx, signTx, type Receipt } from './helpers.js'

const PROBE = `
class Probe {
  init () {}
  put (key, value) { storage.put(key, value) }
  putNumber (key) { storage.put(key, 42) }
  maps () {
    storage.mapPut('m', 'a', '1'); storage.mapPut('m', 'b', '2'); storage.mapPut('m', 'c', '3')
    storage.mapDel('m', 'b'); storage.put('gone', 'x'); storage.del('gone')
    return [storage.mapKeys('m'), storage.mapLen('m'), storage.mapHas('m', 'b'), storage.mapGet('m', 'c'), storage.has('gone'), storage.get('gone')]
  }
  globals (other) { return [storage.globalGet(other, 'n'), storage.globalMapGet(other, 'm', 'a'), storage.globalMapKeys(other, 'm')] }
  context () {
    return { tx: [tx.publisher, tx.hash, tx.gas_ratio], block: [block.number, typeof block.time, block.parent_hash.length > 0],
      name: blockchain.contractName(), owner: blockchain.contractOwner(), publisher: blockchain.publisher(),
      admin: blockchain.requireAuth('admin', 'active'), other: blockchain.requireAuth('nobody', 'active') }
  }
  crypto (text, msg, sig, pub) { return [IOSTCrypto.sha3(text), IOSTCrypto.verify('ed25519', msg, sig, pub), IOSTCrypto.verify('ed25519', msg, sig, '1111')] }
  globalsOfNode () { return [typeof process, typeof require, typeof setTimeout, typeof Date, typeof Math.random, typeof WebAssembly] }
  escape () { return this.constructor.constructor('return process')().pid }
  escapeViaApi () { return storage.get.constructor('return process')().pid }
  spin () { storage.put('spun', 'yes'); for (;;) {} }
  fill (count) { for (let i = 0; i < count; i++) storage.put('k' + i, 'some value') }
  callOther (other, withAuth) { return withAuth ? blockchain.callWithAuth(other, 'whoHasAuth', [blockchain.contractName()]) : blockchain.call(other, 'whoHasAuth', [blockchain.contractName()]) }
  bounce (other) { return blockchain.call(other, 'back', [blockchain.contractName()]) }
}
module.exports = Probe`
const PROBE_ABI = {
  put: ['string', 'string'], putNumber: ['string'], maps: [], globals: ['string'], context: [], crypto: ['string', 'string', 'string', 'string'],
  globalsOfNode: [], escape: [], escapeViaApi: [], spin: [], fill: ['number'], callOther: ['string', 'bool'], bounce: ['string']
}
const CALLEE = `
class Callee {
  init () { storage.put('n', 'seven'); storage.mapPut('m', 'a', 'apple') }
  whoHasAuth (caller) { return blockchain.requireAuth(caller, 'active') }
  back (caller) { return blockchain.call(caller, 'bounce', [blockchain.contractName()]) }
}
module.exports = Callee`

let chain: DevChain
let probe: string
let callee: string
const call = async (action: string, args: unknown[], gasLimit?: number): Promise<Receipt> =>
  await runTx(chain, signTx(chain, [[probe, action, args]], gasLimit === undefined ? {} : { gasLimit }))
const returned = (r: Receipt): unknown => JSON.parse((JSON.parse(r.returns[0] as string) as string[])[0] as string)

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 0 })
  probe = await deploy(chain, PROBE, PROBE_ABI)
  callee = await deploy(chain, CALLEE, { whoHasAuth: ['string'], back: ['string'] })
})
test.after(async () => { await chain.close() })

test('storage: maps, deletes and reads of another contract\'s storage', async () => {
  assert.equal(returned(await call('maps', [])), [['a', 'c'], 2, false, '3', false, null])
  assert.equal(returned(await call('globals', [callee])), ['seven', 'apple', ['a']])
})

test('storage keys follow the node\'s rule and error text; values must be strings', async () => {
  assert.match((await call('put', ['a-b', 'v'])).message, 'error: Error: key or field has invalid char, 45')
  assert.match((await call('put', ['k'.repeat(65), 'v'])).message, 'error: Error: key or field length invalid. expected [1, 64], actual 65')
  assert.match((await call('putNumber', ['k'])).message, 'error: Error: storage put must be string')
  assert.is((await call('put', ['k'.repeat(64), 'v'])).status_code, 'SUCCESS')
})

test('tx, block and blockchain tell the contract where and by whom it runs', async () => {
  const receipt = await call('context', [])
  const seen = returned(receipt) as { tx: unknown[], block: unknown[], name: string, owner: string, publisher: string, admin: boolean, other: boolean }
  const height = Number((await rpcOf(chain).blockchain.getChainInfo()).head_block)
  assert.equal(seen.tx, ['admin', receipt.tx_hash, 1])
  assert.equal(seen.block, [height, 'number', true])
  assert.is(seen.name, probe)
  assert.is(seen.owner, 'admin')
  assert.is(seen.publisher, 'admin')
  assert.is(seen.admin, true)
  assert.is(seen.other, false)
})

test('IOSTCrypto.sha3 and verify agree with IOST\'s rules', async () => {
  const seed = new Uint8Array(32).fill(7)
  const digest = sha3_256(new TextEncoder().encode('consent'))
  const sig = base58Encode(ed25519.sign(digest, seed))
  const pub = base58Encode(ed25519.getPublicKey(seed))
  assert.equal(returned(await call('crypto', ['consent', base58Encode(digest), sig, pub])), [sha3Base58('consent'), 1, 0])
})

test('no Node globals and no nondeterministic built-ins; no way out through constructors', async () => {
  assert.equal(returned(await call('globalsOfNode', [])), Array(6).fill('undefined'))
  for (const action of ['escape', 'escapeViaApi']) {
    const receipt = await call(action, [])
    assert.is(receipt.status_code, 'RUNTIME_ERROR')
    assert.match(receipt.message, 'EvalError: Code generation from strings disallowed for this context')
  }
})

test('an endless loop is killed: TIMEOUT, its writes dropped, and the chain carries on', async () => {
  const started = Date.now()
  const receipt = await call('spin', [])
  assert.is(receipt.status_code, 'TIMEOUT')
  assert.ok(receipt.message.endsWith('error: execution killed'), receipt.message)
  assert.ok(Date.now() - started < 2000)
  assert.is((await rpcOf(chain).blockchain.getContractStorage(probe, 'spun', '')).data, 'null')
  assert.is((await call('maps', [])).status_code, 'SUCCESS')
})

test('running out of gas fails the transaction, bills the whole limit and drops its writes', async () => {
  const small = await call('fill', [3], 6000)
  assert.is(small.status_code, 'SUCCESS')
  const big = await call('fill', [100], 6000)
  assert.is(big.status_code, 'RUNTIME_ERROR')
  assert.is(big.message, 'out of gas')
  assert.is(big.gas_usage, 6000)
  assert.is((await rpcOf(chain).blockchain.getContractStorage(probe, 'k99', '')).data, 'null')
})

test('a contract can call another; callWithAuth lends its authority; re-entry is refused', async () => {
  // As on IOST, a call returns an array holding the JSON text of what the callee returned.
  assert.equal(returned(await call('callOther', [callee, false])), ['false'])
  assert.equal(returned(await call('callOther', [callee, true])), ['true'])
  const loop = await call('bounce', [callee])
  assert.is(loop.status_code, 'RUNTIME_ERROR')
  assert.match(loop.message, 're-entering')
})

test.run()
