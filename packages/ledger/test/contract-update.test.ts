// `can_update` is the owner's alone: the account that deployed the consent contract may replace
// its code (and the state stays); any other account, even one that can publish, is refused.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { toBase58 } from '@techo/identity'
import { updateConsentContract } from '../src/index.js'
import { Publisher } from '../src/publisher.js'
import { ChainNodes } from '../src/nodes.js'
import { newParty, refusal, startConsentChain } from './contract-fixture.js'

const net = await startConsentChain()
const { chain, contractId, sponsor, ledger } = net

// A second IOST account, created by admin through auth.iost signUp as on a real chain.
const mallorySeed = crypto.getRandomValues(new Uint8Array(32))
const malloryKey = toBase58(ed25519.getPublicKey(mallorySeed))
const mallory = { account: 'mallory', secretKey: toBase58(mallorySeed) }
await new Publisher(new ChainNodes(chain.url), sponsor, { chainId: chain.chainId, gasRatio: 1, gasLimit: 1_000_000, expirationSeconds: 90, timeoutMs: 10_000, pollMs: 20 })
  .publish([{ contract: 'auth.iost', action: 'signUp', args: ['mallory', malloryKey, malloryKey] }])

const clinic = newParty()
await ledger.registerParty(clinic.seed, 'clinic')

test('another account may not replace the contract\'s code', async () => {
  const err = await refusal(updateConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: mallory, contract: contractId }))
  assert.is(err.code, 'ERR_CHAIN_REFUSED')
  assert.match(err.message, /update refused/)
})

test('the deploying account may, and the consent state survives the update', async () => {
  await updateConsentContract({ url: chain.url, chainId: chain.chainId, sponsor, contract: contractId })
  assert.is((await ledger.party(clinic.id))?.kind, 'clinic')
  assert.equal((await ledger.history(clinic.id)).map(e => e.action), ['registerParty'])
  assert.is(await ledger.nextNonce(clinic.id), 2)
  const patient = newParty()
  await ledger.registerParty(patient.seed, 'patient')
  assert.is((await ledger.party(patient.id))?.kind, 'patient')
})

test.after(async () => { await net.close() })

test.run()
