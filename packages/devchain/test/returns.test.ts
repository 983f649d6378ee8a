// An action's return value in the receipt, encoded as go-iost encodes it (the vectors do not cover
// returns, so this follows the node's code): its V8 sandbox hands strings, numbers and booleans
// back as their text and JSON-encodes only objects, arrays and functions (null too); anything else
// is empty text; the isolator then json.Marshals the one-element array into `returns`, HTML-safe.
// A nested blockchain.call gets the same one-element array, parsed.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { startDevChain, type DevChain } from '../src/index.js'
import { deploy, runTx, signTx, type Receipt } from './helpers.js'

const RETURNER = `
class Returner {
  init () {}
  text () { return 'x' }
  html () { return '<a href="?q=1&r=2">' }
  number () { return 1.5 }
  yes () { return true }
  object () { return { a: [1, 'b'] } }
  nothing () {}
  nul () { return null }
  big () { return 'y'.repeat(65537) }
  fits () { return 'y'.repeat(65536) }
  viaCall (other) { return blockchain.call(other, 'text', []) }
}
module.exports = Returner`
const ABI = { text: [], html: [], number: [], yes: [], object: [], nothing: [], nul: [], big: [], fits: [], viaCall: ['string'] }

let chain: DevChain
let returner: string
const call = async (action: string, args: unknown[] = []): Promise<Receipt> => await runTx(chain, signTx(chain, [[returner, action, args]]))

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 0 })
  returner = await deploy(chain, RETURNER, ABI)
})
test.after(async () => { await chain.close() })

test('a string comes back once encoded, as ["x"], not JSON-encoded twice', async () => {
  assert.equal((await call('text')).returns, ['["x"]'])
  assert.equal((await call('html')).returns, ['["\\u003ca href=\\"?q=1\\u0026r=2\\"\\u003e"]'])
})

test('numbers and booleans come back as their text; objects and null JSON-encoded; nothing as empty text', async () => {
  assert.equal((await call('number')).returns, ['["1.5"]'])
  assert.equal((await call('yes')).returns, ['["true"]'])
  assert.equal((await call('object')).returns, ['["{\\"a\\":[1,\\"b\\"]}"]'])
  assert.equal((await call('nul')).returns, ['["null"]'])
  assert.equal((await call('nothing')).returns, ['[""]'])
})

test('a contract calling another gets the callee\'s text in a one-element array', async () => {
  assert.equal((await call('viaCall', [returner])).returns, ['["[\\"x\\"]"]'])
})

test('a return value over 64 KiB fails the transaction, as the node\'s "result too long"', async () => {
  assert.is((await call('fits')).status_code, 'SUCCESS')
  const big = await call('big')
  assert.is(big.status_code, 'RUNTIME_ERROR')
  assert.match(big.message, /error: result too long$/)
})

test.run()
