// The block clock: a block every ~0.5 s by default (IOST's), a sent transaction lands in the
// next block, the SDK's own send-and-poll flow sees it succeed, and blocks come only on demand
// when the interval is 0.
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DevChainError, startDevChain } from '../src/index.js'
import { keyPairOf, rpcOf, sdk, signTx } from './helpers.js'

test('a block arrives about every 0.5 s, each extending the last', async () => {
  const chain = await startDevChain({ port: 0 })
  try {
    const rpc = rpcOf(chain)
    const started = Date.now()
    await sleep(2600)
    const elapsed = Date.now() - started
    const head = Number((await rpc.blockchain.getChainInfo()).head_block)
    assert.ok(Math.abs(head - elapsed / 500) <= 1.5, `${head} blocks in ${elapsed} ms`)
    const blocks: Array<Record<string, unknown>> = []
    for (let n = 1; n <= head; n++) blocks.push((await rpc.blockchain.getBlockByNum(n, false)).block)
    const gaps = blocks.slice(1).map((b, i) => Number(BigInt(b.time as string) - BigInt(blocks[i]?.time as string)) / 1e6).sort((a, b) => a - b)
    const median = gaps[Math.floor(gaps.length / 2)] as number
    assert.ok(median >= 450 && median <= 600, `median gap ${median} ms`)
    blocks.slice(1).forEach((b, i) => assert.is(b.parent_hash, blocks[i]?.hash))
  } finally {
    await chain.close()
  }
})

test('a transaction sent with the SDK\'s own flow succeeds in the next block', async () => {
  const chain = await startDevChain({ port: 0 })
  try {
    const rpc = rpcOf(chain)
    const iost = new sdk.IOST({ gasRatio: 1, gasLimit: 2000000, delay: 0, expiration: 90 })
    await iost.setRPC(rpc) // reads /getNodeInfo's server_time for clock skew
    const account = new sdk.Account('admin')
    account.addKeyPair(keyPairOf(chain.admin.secretKey), 'active')
    iost.setAccount(account)
    const tx = iost.callABI('system.iost', 'receipt', ['over the SDK'])
    tx.setChainID(chain.chainId)
    const headAtSend = Number((await rpc.blockchain.getChainInfo()).head_block)
    const sentAt = Date.now()
    const outcome = await new Promise<{ event: string, value: unknown }>(resolve => {
      iost.signAndSend(tx)
        .on('success', value => resolve({ event: 'success', value }))
        .on('failed', value => resolve({ event: 'failed', value }))
    })
    assert.is(outcome.event, 'success', JSON.stringify(outcome.value))
    const receipt = outcome.value as { tx_hash: string, status_code: string }
    assert.is(receipt.status_code, 'SUCCESS')
    const included = await rpc.transaction.getTxByHash(receipt.tx_hash)
    // The block being written when the transaction arrived cannot take it; the one after does.
    assert.ok(Number(included.block_number) - headAtSend <= 2, `sent at ${headAtSend}, in ${included.block_number}`)
    assert.ok(Date.now() - sentAt < 2500, 'the SDK polls once a second and sees it on its first or second try')
  } finally {
    await chain.close()
  }
})

test('with blockIntervalMs 0, blocks come only from produceBlock, and not after close', async () => {
  const chain = await startDevChain({ port: 0, blockIntervalMs: 0 })
  const rpc = rpcOf(chain)
  await rpc.transaction.sendTx(signTx(chain, [['system.iost', 'receipt', ['waiting']]]))
  await sleep(700)
  assert.is((await rpc.blockchain.getChainInfo()).head_block, '0')
  assert.is(await chain.produceBlock(), 1)
  assert.is((await rpc.blockchain.getBlockByNum(1, false)).block.tx_count, '1')
  await chain.close()
  try {
    await chain.produceBlock()
    assert.unreachable('a closed chain produced a block')
  } catch (err) {
    assert.instance(err, DevChainError)
    assert.is((err as DevChainError).code, 'ERR_CHAIN_CLOSED')
  }
})

test.run()
