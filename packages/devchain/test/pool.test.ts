// The pool's limits: one publisher may keep at most 1,000 transactions or 8 M characters of JSON
// waiting (so its flood leaves room for other accounts), the pool as a whole 3,000 and 32 M; and a
// block runs transactions for at most 200 ms, leaving the rest, in order, for the next one: a flood
// of slow transactions delays blocks by a slot at most, never by its own length.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { startDevChain, type DevChain } from '../src/index.js'
import { PendingPool } from '../src/pending-pool.js'
import type { AcceptedTx } from '../src/records.js'
import { deploy, post, rpcOf, signTx } from './helpers.js'

let chain: DevChain
test.before(async () => { chain = await startDevChain({ port: 0, blockIntervalMs: 0 }) })
test.after(async () => { await chain.close() })

test('one publisher may keep 8 M characters of transactions waiting; past that it is refused in words, until a block makes room', async () => {
  // Each transaction is near the node's 64 KiB limit, and twice that as JSON (every quote escaped twice).
  let sent = 0
  const send = async (): Promise<{ status: number, json: Record<string, unknown> }> =>
    await post(chain, '/sendTx', JSON.stringify(signTx(chain, [['system.iost', 'receipt', [`${sent++}` + '"'.repeat(30_000)]]])))
  let answer = await send()
  while (answer.status === 200) answer = await send()
  assert.is(answer.status, 400)
  assert.match(answer.json.message as string, /^txpool is full for publisher admin: \d+ of its transactions are pending$/)
  assert.ok(sent > 60, `refused after ${sent}`)
  await chain.produceBlock()
  assert.is((await send()).status, 200)
})

function fakeTx (hash: string, publisher: string, chars: number): AcceptedTx {
  return { hash, json: 'x'.repeat(chars), fullLength: chars, context: { publisher } as AcceptedTx['context'] }
}

test('the pool refuses past its total count and size, and gives back what a block left, in order', () => {
  const pool = new PendingPool()
  for (let i = 0; i < 3000; i++) pool.add(fakeTx(`h${i}`, `p${i % 4}`, 10))
  assert.throws(() => { pool.checkRoom('newcomer', 'x') }, /^txpool is full$/)
  const taken = pool.takeAll()
  assert.is(pool.list().length, 0)
  pool.checkRoom('newcomer', 'x')
  pool.add(fakeTx('late', 'newcomer', 10))
  pool.putBack(taken.slice(2990))
  assert.equal(pool.list().map(t => t.hash), [...taken.slice(2990).map(t => t.hash), 'late'])
  assert.ok(pool.has('h2999') && !pool.has('h0'))
  const busy = new PendingPool()
  for (let i = 0; i < 1000; i++) busy.add(fakeTx(`b${i}`, 'busy', 10))
  assert.throws(() => { busy.checkRoom('busy', 'x') }, /^txpool is full for publisher busy: 1000 of its transactions are pending$/)
  busy.checkRoom('quiet', 'x')
  const big = new PendingPool()
  big.add(fakeTx('a', 'p1', 8 * 1024 * 1024))
  assert.throws(() => { big.checkRoom('p1', 'x') }, /txpool is full for publisher p1/)
  big.add(fakeTx('b', 'p2', 8 * 1024 * 1024))
  big.add(fakeTx('c', 'p3', 8 * 1024 * 1024))
  big.add(fakeTx('d', 'p4', 8 * 1024 * 1024))
  assert.throws(() => { big.checkRoom('p5', 'x') }, /^txpool is full$/)
})

test('a block runs transactions for at most 200 ms: slow ones it has no time for wait, in order, for the next', async () => {
  const slow = await deploy(chain, 'class Slow { init () {} work (ms) { let n = 0; for (let i = 0; i < ms * 1000000; i++) n += i % 7; return n > 0 } }\nmodule.exports = Slow', { work: ['number'] })
  await chain.produceBlock()
  const rpc = rpcOf(chain)
  const hashes: string[] = []
  for (let i = 0; i < 8; i++) hashes.push((await rpc.transaction.sendTx(signTx(chain, [[slow, 'work', [60 + i]]]))).hash)
  const counts: number[] = []
  while (counts.reduce((a, b) => a + b, 0) < hashes.length) {
    const height = await chain.produceBlock()
    counts.push(Number((await rpc.blockchain.getBlockByNum(height, false)).block.tx_count))
  }
  assert.ok(counts.length > 1 && (counts[0] as number) >= 1, `transactions per block: ${counts.join(', ')}`)
  const order = await Promise.all(hashes.map(async h => Number((await rpc.transaction.getTxByHash(h)).block_number)))
  assert.equal(order, [...order].sort((a, b) => a - b), 'they land in the order they were sent')
})

test.run()
