// The dev chain keeps its blocks, transactions, receipts and contract state in level: a chain
// restarted on the same data directory carries on from the same head with the same state.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DevChainError, startDevChain } from '../src/index.js'
import { deploy, get, post, rpcOf, runTx, signTx } from './helpers.js'

const TALLY = `class Tally { init () { storage.put('n', '0') } add (who) { const n = Number(storage.get('n')) + 1; storage.put('n', String(n)); storage.mapPut('by', who, String(n)); return n } }
module.exports = Tally`

let dataDir: string
test.before(async () => { dataDir = await mkdtemp(join(tmpdir(), 'techo-devchain-test-')) })
test.after(async () => { await rm(dataDir, { recursive: true, force: true }) })

async function refusal (start: Promise<unknown>): Promise<DevChainError> {
  try {
    await start
  } catch (err) {
    assert.instance(err, DevChainError)
    return err as DevChainError
  }
  throw new Error('expected the chain to refuse to start')
}

test('blocks, transactions, receipts and state survive a restart on the same data directory', async () => {
  const first = await startDevChain({ dataDir, port: 0, blockIntervalMs: 0 })
  const tally = await deploy(first, TALLY, { add: ['string'] })
  const addTx = signTx(first, [[tally, 'add', ['ana']]])
  const body = JSON.stringify(addTx)
  const receipt = await runTx(first, addTx)
  await first.produceBlock()
  const head = await rpcOf(first).blockchain.getChainInfo()
  const block2 = await rpcOf(first).blockchain.getBlockByNum(2, true)
  await first.close()

  const again = await startDevChain({ dataDir, port: 0, blockIntervalMs: 0 })
  try {
    const rpc = rpcOf(again)
    const info = await rpc.blockchain.getChainInfo()
    assert.is(info.head_block, head.head_block)
    assert.is(info.head_block_hash, head.head_block_hash)
    assert.equal(await rpc.blockchain.getBlockByNum(2, true), block2)
    assert.equal(await rpc.transaction.getTxReceiptByTxHash(receipt.tx_hash), receipt)
    assert.is((await rpc.blockchain.getContractStorage(tally, 'by', 'ana')).data, '1')

    const next = await runTx(again, signTx(again, [[tally, 'add', ['bo']]]))
    assert.equal(next.returns, ['["2"]'], 'the contract carries on from its stored state')
    const newBlock = await rpc.blockchain.getBlockByNum(Number(head.head_block) + 1, false)
    assert.is(newBlock.block.parent_hash, head.head_block_hash, 'the new block extends the old head')

    const replay = await post(again, '/sendTx', body)
    assert.equal(replay.json, { code: 2, message: 'tx exists in chain' })
  } finally {
    await again.close()
  }
})

test('a data directory in use by a running chain is refused, and so is a taken port', async () => {
  const running = await startDevChain({ dataDir, port: 0, blockIntervalMs: 0 })
  try {
    const locked = await refusal(startDevChain({ dataDir, port: 0 }))
    assert.is(locked.code, 'ERR_CHAIN_DATA_LOCKED')
    const port = Number(new URL(running.url).port)
    const taken = await refusal(startDevChain({ port }))
    assert.is(taken.code, 'ERR_CHAIN_PORT_IN_USE')
    assert.match(taken.message, String(port))
    assert.is((await get(running, '/getChainInfo')).status, 200, 'the running chain is unharmed')
  } finally {
    await running.close()
  }
})

test('a directory holding some other level database is not taken for chain data', async () => {
  const foreign = await mkdtemp(join(tmpdir(), 'techo-devchain-foreign-'))
  try {
    const db = new ClassicLevel<string, string>(foreign)
    await db.put('notebook', 'something else')
    await db.close()
    const damaged = await refusal(startDevChain({ dataDir: foreign, port: 0 }))
    assert.is(damaged.code, 'ERR_CHAIN_DATA_DAMAGED')
    const db2 = new ClassicLevel<string, string>(foreign)
    assert.is(await db2.get('notebook'), 'something else', 'the foreign data is left as it was')
    await db2.close()
  } finally {
    await rm(foreign, { recursive: true, force: true })
  }
})

test('bad options are refused before anything starts', async () => {
  assert.is((await refusal(startDevChain({ port: 70000 }))).code, 'ERR_CHAIN_BAD_OPTION')
  assert.is((await refusal(startDevChain({ port: 0, blockIntervalMs: -1 }))).code, 'ERR_CHAIN_BAD_OPTION')
})

test.run()
