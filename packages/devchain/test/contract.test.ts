// Deploying and calling contracts on the dev chain through the real iost SDK and real HTTP:
// setCode, receipts, storage read back, linked names, rollback of a failing call, updateCode.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { startDevChain, type DevChain } from '../src/index.js'
import { contractCode, deploy, get, post, rpcOf, runTx, signTx } from './helpers.js'

const COUNTER = `
class Counter {
  init () { storage.put('count', '0') }
  bump (name) {
    const count = Number(storage.get('count')) + 1
    storage.put('count', String(count))
    storage.mapPut('seen', name, String(count))
    blockchain.receipt(JSON.stringify({ name: name, count: count }))
    return count
  }
  bumpThenFail (name) {
    this.bump(name)
    throw new Error('refused after writing ' + name)
  }
  can_update (data) { return data === 'please' && blockchain.requireAuth(blockchain.contractOwner(), 'active') }
}
module.exports = Counter`
const ABI = { bump: ['string'], bumpThenFail: ['string'], can_update: ['string'] }

let chain: DevChain
let counter: string

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 0 })
  counter = await deploy(chain, COUNTER, ABI)
})
test.after(async () => { await chain.close() })

test('setCode deploys under "Contract" + the transaction hash and runs init', async () => {
  const tx = signTx(chain, [['system.iost', 'setCode', [contractCode(COUNTER, ABI)]]])
  const receipt = await runTx(chain, tx)
  assert.is(receipt.status_code, 'SUCCESS')
  assert.equal(JSON.parse(receipt.returns[0] as string), [`Contract${receipt.tx_hash}`])
  assert.ok(Number(receipt.ram_usage.admin) > COUNTER.length, 'the publisher pays RAM for the code')
  const stored = await rpcOf(chain).blockchain.getContractStorage(`Contract${receipt.tx_hash}`, 'count', '')
  assert.is(stored.data, '0')
})

test('a call returns a receipt with IOST\'s fields, and its writes read back through /getContractStorage', async () => {
  const rpc = rpcOf(chain)
  const receipt = await runTx(chain, signTx(chain, [[counter, 'bump', ['ana']]]))
  assert.equal(Object.keys(receipt).sort(), ['gas_usage', 'message', 'ram_usage', 'receipts', 'returns', 'status_code', 'tx_hash'])
  assert.is(receipt.status_code, 'SUCCESS')
  assert.is(receipt.message, '')
  assert.ok(receipt.gas_usage > 0)
  assert.equal(receipt.returns, ['["1"]'])
  assert.equal(receipt.receipts, [{ func_name: `${counter}/bump`, content: '{"name":"ana","count":1}' }])
  assert.is(typeof receipt.ram_usage.admin, 'string', 'ram_usage values are int64 strings')
  assert.is((await rpc.blockchain.getContractStorage(counter, 'count', '')).data, '1')
  assert.is((await rpc.blockchain.getContractStorage(counter, 'seen', 'ana')).data, '1')
  assert.equal((await rpc.blockchain.getContractStorageFields(counter, 'seen')).fields, ['ana'])
  assert.is((await rpc.blockchain.getContractStorage(counter, 'seen', 'nobody')).data, 'null', 'a missing value reads as the node writes it')
})

test('the gas ratio multiplies the gas a receipt reports', async () => {
  const once = await runTx(chain, signTx(chain, [[counter, 'bump', ['cy']]]))
  const twice = await runTx(chain, signTx(chain, [[counter, 'bump', ['cy']]], { gasRatio: 2 }))
  assert.is(twice.gas_usage, once.gas_usage * 2)
  // /getGasRatio reports the ratios of the head block's transactions: here the one at 2.
  assert.equal(await rpcOf(chain).blockchain.getGasRatio(), { lowest_gas_ratio: 2, median_gas_ratio: 2 })
})

test('setCode refuses code that does not compile, lacks an ABI action, or lists init', async () => {
  const attempt = async (code: string, abi: Record<string, string[]>): Promise<string> =>
    (await runTx(chain, signTx(chain, [['system.iost', 'setCode', [contractCode(code, abi)]]]))).message
  assert.match(await attempt('class Broken {', {}), 'error: compile contract: ')
  assert.match(await attempt(COUNTER, { ...ABI, missing: [] }), 'error: abi missing not found in the contract code')
  assert.match(await attempt(COUNTER, { ...ABI, init: [] }), 'error: abi shouldn\'t contain internal function')
})

test('a throwing action fails the transaction with RUNTIME_ERROR and rolls back every write', async () => {
  const rpc = rpcOf(chain)
  const before = (await rpc.blockchain.getContractStorage(counter, 'count', '')).data
  const receipt = await runTx(chain, signTx(chain, [[counter, 'bump', ['dee']], [counter, 'bumpThenFail', ['eve']]]))
  assert.is(receipt.status_code, 'RUNTIME_ERROR')
  // IOST cuts the action's description to 100 characters (where it ends depends on the contract id's length).
  const description = `Action{Contract: ${counter}, ActionName: bumpThenFail, Data: ["eve"]}`
  assert.ok(receipt.message.startsWith(`running action ${description.slice(0, 100)}... error: `), receipt.message)
  assert.ok(receipt.message.endsWith('error: Error: refused after writing eve'), receipt.message)
  assert.equal(receipt.returns, [])
  assert.equal(receipt.receipts, [])
  assert.equal(receipt.ram_usage, {})
  assert.ok(receipt.gas_usage > 0, 'a failed transaction still pays for what ran')
  assert.is((await rpc.blockchain.getContractStorage(counter, 'count', '')).data, before)
  assert.is((await rpc.blockchain.getContractStorage(counter, 'seen', 'dee')).data, 'null', 'the first action\'s writes are gone too')
})

test('an action the ABI does not list, or with wrong arguments, is refused', async () => {
  const missing = await runTx(chain, signTx(chain, [[counter, 'init', []]]))
  assert.is(missing.status_code, 'RUNTIME_ERROR')
  assert.match(missing.message, 'prepare contract: abi init not found')
  const wrongArgs = await runTx(chain, signTx(chain, [[counter, 'bump', [42]]]))
  assert.match(wrongArgs.message, 'args type unmatched')
})

test('domain.iost link names a contract for actions, /getContractStorage and /getContract', async () => {
  const rpc = rpcOf(chain)
  const linked = await runTx(chain, signTx(chain, [['domain.iost', 'link', ['counter_app', counter]]]))
  assert.is(linked.status_code, 'SUCCESS')
  const byName = await runTx(chain, signTx(chain, [['counter_app', 'bump', ['fay']]]))
  assert.is(byName.status_code, 'SUCCESS')
  assert.is((await rpc.blockchain.getContractStorage('counter_app', 'seen', 'fay')).data, byName.returns[0]?.slice(2, -2))
  assert.is((await rpc.blockchain.getContract('counter_app', true)).id, counter)
})

test('updateCode replaces the code only when can_update agrees', async () => {
  const v2 = COUNTER.replace('return count', 'return count * 100')
  const code = contractCode(v2, ABI).replace('"ID":""', `"ID":"${counter}"`)
  const refused = await runTx(chain, signTx(chain, [['system.iost', 'updateCode', [code, 'no']]]))
  assert.is(refused.status_code, 'RUNTIME_ERROR')
  assert.match(refused.message, 'update refused')
  const accepted = await runTx(chain, signTx(chain, [['system.iost', 'updateCode', [code, 'please']]]))
  assert.is(accepted.status_code, 'SUCCESS')
  const after = await runTx(chain, signTx(chain, [[counter, 'bump', ['gus']]]))
  assert.is(Number(JSON.parse(after.returns[0] as string)[0]) % 100, 0, 'the new code runs, over the old storage')
})

test('a transaction reads back as PENDING, then IRREVERSIBLE with its block and receipt', async () => {
  const rpc = rpcOf(chain)
  const { hash } = await rpc.transaction.sendTx(signTx(chain, [[counter, 'bump', ['hal']]]))
  const pending = await rpc.transaction.getTxByHash(hash)
  assert.is(pending.status, 'PENDING')
  assert.is(pending.block_number, '-1')
  const refused = await get(chain, `/getTxReceiptByTxHash/${hash}`)
  assert.is(refused.status, 400)
  assert.equal(refused.json, { code: 2, message: 'failed to Get the receipt hash: leveldb: not found' })
  const height = await chain.produceBlock()
  const done = await rpc.transaction.getTxByHash(hash)
  assert.is(done.status, 'IRREVERSIBLE')
  assert.is(done.block_number, String(height))
  assert.is(done.transaction.publisher, 'admin')
  assert.is(typeof done.transaction.time, 'string', 'int64 times are strings')
  assert.is((done.transaction.tx_receipt as { status_code: string }).status_code, 'SUCCESS')
  const block = await rpc.blockchain.getBlockByNum(height, true)
  assert.is(block.block.number, String(height))
  assert.equal((block.block.transactions as Array<{ hash: string }>).map(t => t.hash), [hash])
  const byHash = await rpc.blockchain.getBlockByHash(block.block.hash as string, false)
  assert.equal(byHash.block.transactions, [])
  assert.is(byHash.block.tx_count, '1')
})

test('/getContractStorage refuses a body that is not JSON', async () => {
  const res = await post(chain, '/getContractStorage', '{not json')
  assert.is(res.status, 400)
  assert.is(res.json.code, 3)
})

test.run()
