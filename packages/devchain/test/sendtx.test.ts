// Transactions sent straight to /sendTx that the IOST node would refuse: each gets HTTP 400
// and the node's `{"code": 2, "message": ...}` with the node's own text, and nothing is queued.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { checkBadTx } from '@techo/iost'
import { startDevChain, type DevChain } from '../src/index.js'
import { get, keyPairOf, post, rpcOf, runTx, sdk, signTx, type SdkTx, type TxOptions } from './helpers.js'

let chain: DevChain
const other = sdk.KeyPair.newKeyPair(sdk.Algorithm.Ed25519)
const greet = (opts: TxOptions = {}): SdkTx => signTx(chain, [['system.iost', 'receipt', ['hello']]], opts)

test.before(async () => { chain = await startDevChain({ port: 0, blockIntervalMs: 0 }) })
test.after(async () => { await chain.close() })

async function refusedWith (body: string, message: string | RegExp): Promise<void> {
  const res = await post(chain, '/sendTx', body)
  assert.is(res.status, 400)
  assert.is(res.json.code, 2)
  if (typeof message === 'string') assert.is(res.json.message, message)
  else assert.match(res.json.message as string, message)
}

// The parts of a sent transaction the tests tamper with.
interface SentTx {
  actions: Array<{ data: string }>
  signatures: Array<{ signature: string }>
  publisher_sigs: Array<{ signature: string }>
}

// Edits the JSON the SDK would send, after signing.
function tampered (tx: SdkTx, edit: (json: SentTx) => void): string {
  const json = JSON.parse(JSON.stringify(tx)) as SentTx
  edit(json)
  return JSON.stringify(json)
}

test('a well-formed transaction is accepted with its hash, and nothing else is queued', async () => {
  const res = await post(chain, '/sendTx', JSON.stringify(greet()))
  assert.is(res.status, 200)
  assert.is(typeof res.json.hash, 'string')
  const block = await chain.produceBlock()
  assert.is((await rpcOf(chain).blockchain.getBlockByNum(block, false)).block.tx_count, '1')
})

test('wrong chain id', async () => {
  await refusedWith(JSON.stringify(greet({ chainId: 1024 })), 'VerifyError invalid chain_id, should be 1020, yours:1024')
})

test('data altered after signing (the hash the publisher signed no longer matches)', async () => {
  await refusedWith(tampered(greet(), j => { (j.actions[0] as { data: string }).data = '["HELLO"]' }), 'VerifyError publisher error')
})

test('a bad publisher signature, a bad co-signer signature, no publisher signature', async () => {
  const flip = (b64: string): string => (b64[0] === 'A' ? 'B' : 'A') + b64.slice(1)
  await refusedWith(tampered(greet(), j => { const s = j.publisher_sigs[0] as { signature: string }; s.signature = flip(s.signature) }), 'VerifyError publisher error')
  const cosigned = greet({ signers: [{ account: 'admin', permission: 'active', secretKey: chain.admin.secretKey }] })
  await refusedWith(tampered(cosigned, j => { const s = j.signatures[0] as { signature: string }; s.signature = flip(s.signature) }), 'VerifyError signer error')
  await refusedWith(tampered(greet(), j => { j.publisher_sigs = [] }), 'VerifyError publisher empty error')
})

test('expired, too old, or dated too far ahead', async () => {
  await refusedWith(JSON.stringify(greet({ timeShiftNs: -100e9 })), /^TimeError: tx\.time is expired\(tx\.time: \d+, now: \d+\)\. Please sync time$/)
  await refusedWith(JSON.stringify(greet({ timeShiftNs: 31e9 })), /^TimeError: tx\.time is too large\(tx\.time: \d+, now: \d+\)\. Please sync time$/)
})

test('gas limit or gas ratio out of range', async () => {
  await refusedWith(JSON.stringify(greet({ gasLimit: 5999 })), 'VerifyError gas limit illegal, should in [6000, 4000000]')
  await refusedWith(JSON.stringify(greet({ gasLimit: 4000001 })), 'VerifyError gas limit illegal, should in [6000, 4000000]')
  await refusedWith(JSON.stringify(greet({ gasRatio: 0.5 })), 'VerifyError gas ratio illegal, should in [1, 100]')
})

test('the same transaction twice: while pending, then once in a block', async () => {
  const body = JSON.stringify(greet())
  assert.is((await post(chain, '/sendTx', body)).status, 200)
  await refusedWith(body, 'tx exists in pending')
  await chain.produceBlock()
  await refusedWith(body, 'tx exists in chain')
})

test('a publisher that does not exist has no gas; a publisher signing with a key that is not its own', async () => {
  await refusedWith(JSON.stringify(greet({ publisher: { account: 'nobody', secretKey: chain.admin.secretKey } })), 'gas not enough: user nobody has 0 < 2000000')
  await refusedWith(JSON.stringify(greet({ publisher: { account: 'admin', secretKey: other.B58SecKey() } })), 'unauthorized publisher: admin')
})

test('action data the node\'s pre-check refuses; a body that is not a transaction', async () => {
  const body = tampered(greet(), j => { (j.actions[0] as { data: string }).data = '{"not":"an array"}' })
  await refusedWith(body, checkBadTx(body) as string)
  const res = await post(chain, '/sendTx', '{"time": "soon"')
  assert.is(res.status, 400)
  assert.is(res.json.code, 3)
})

test('a new account (the SDK\'s newAccount) can publish; its signers must sign', async () => {
  const iost = new sdk.IOST({ gasRatio: 1, gasLimit: 2000000, delay: 0, expiration: 90 })
  const create = iost.newAccount('clinic1', 'admin', other.B58PubKey(), other.B58PubKey(), 1024, 10)
  create.setChainID(chain.chainId)
  const account = new sdk.Account('admin')
  account.addKeyPair(keyPairOf(chain.admin.secretKey), 'active')
  account.signTx(create)
  const created = await runTx(chain, create)
  assert.is(created.status_code, 'SUCCESS', created.message)
  const info = (await get(chain, '/getAccount/clinic1/true')).json as { permissions: { active: { items: Array<{ id: string }> } } }
  assert.is(info.permissions.active.items[0]?.id, other.B58PubKey())

  const asClinic = { account: 'clinic1', secretKey: other.B58SecKey() }
  assert.is((await runTx(chain, greet({ publisher: asClinic }))).status_code, 'SUCCESS')
  await refusedWith(JSON.stringify(greet({ signers: [{ account: 'clinic1', permission: 'active' }] })), 'unauthorized signer: clinic1@active')
  const twice = await runTx(chain, signTx(chain, [['auth.iost', 'signUp', ['clinic1', other.B58PubKey(), other.B58PubKey()]]]))
  assert.match(twice.message, 'id existed > clinic1')
})

test('/getAccount refuses unknown and malformed names with the node\'s text', async () => {
  assert.equal((await get(chain, '/getAccount/nobody/true')).json, { code: 2, message: 'account not found' })
  assert.equal((await get(chain, '/getAccount/no/true')).json, { code: 2, message: 'id invalid. id length should be between 5,11 - 2 ' })
  assert.is((await get(chain, '/getAccount/admin/maybe')).json.code, 3)
  assert.is((await get(chain, '/noSuchEndpoint')).status, 404)
})

test.run()
