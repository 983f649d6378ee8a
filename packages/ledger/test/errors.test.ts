// What a user sees when the chain is down, misconfigured or slow: one plain LedgerError each,
// never a hang and never an SDK stack trace.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { toBase58 } from '@techo/identity'
import { once } from 'node:events'
import { startDevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, Ledger, LedgerView, deployConsentContract } from '../src/index.js'
import { newParty, refusal, startConsentChain } from './contract-fixture.js'
import { closedPort } from '../../../test/support/closed-port.js'

const net = await startConsentChain()


test('a chain that does not answer gives ERR_CHAIN_UNREACHABLE naming its URL', async () => {
  const url = `http://127.0.0.1:${await closedPort()}`
  const ledger = new Ledger({ url, chainId: 1020, contract: CONSENT_CONTRACT_NAME, sponsor: net.sponsor })
  const err = await refusal(ledger.registerParty(newParty().seed, 'patient'))
  assert.is(err.code, 'ERR_CHAIN_UNREACHABLE')
  assert.match(err.message, url)
  assert.match(err.message, /check that it is running/)
})

test('a contract name that nothing is linked to gives ERR_NO_CONTRACT', async () => {
  const err = await refusal(net.ledgerWith({ contract: 'no_such_contract' }).party(newParty().id))
  assert.is(err.code, 'ERR_NO_CONTRACT')
  assert.match(err.message, '"no_such_contract"')
})

test('a wrong chain id is refused by the node, with the node\'s reason', async () => {
  const party = newParty()
  const err = await refusal(net.ledgerWith({ chainId: 1024 }).registerParty(party.seed, 'patient'))
  assert.is(err.code, 'ERR_CHAIN_REFUSED')
  assert.match(err.message, /chain_id/)
  assert.is(await net.ledger.party(party.id), undefined)
})

test('a sponsor secret key that is not the account\'s key is refused by the node', async () => {
  const sponsor = { account: net.sponsor.account, secretKey: toBase58(crypto.getRandomValues(new Uint8Array(32))) }
  const party = newParty()
  const err = await refusal(net.ledgerWith({ sponsor }).registerParty(party.seed, 'patient'))
  assert.is(err.code, 'ERR_CHAIN_REFUSED')
  assert.is(await net.ledger.party(party.id), undefined)
})

test('a sponsor secret key that is not base58 is refused before anything is sent', async () => {
  const err = await refusal(net.ledgerWith({ sponsor: { account: 'admin', secretKey: '0OIl' } }).registerParty(newParty().seed, 'clinic'))
  assert.is(err.code, 'ERR_BAD_INPUT')
  assert.match(err.message, /not base58/)
})

test('no block within the receipt timeout gives ERR_TIMEOUT; the transaction still lands with the next block', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'techo-ledger-'))
  const chain = await startDevChain({ dataDir, port: 0, blockIntervalMs: 0 })
  try {
    const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
    // Blocks come only on demand here, so keep making them while the contract is deployed.
    let deploying = true
    const producer = (async () => { while (deploying) { await chain.produceBlock(); await new Promise(resolve => setTimeout(resolve, 20)) } })()
    const contract = await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor }).finally(() => { deploying = false })
    await producer

    const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract, sponsor, receiptTimeoutMs: 300, pollMs: 20 })
    const party = newParty()
    const err = await refusal(ledger.registerParty(party.seed, 'clinic'))
    assert.is(err.code, 'ERR_TIMEOUT')
    assert.match(err.message, /may still be included/)
    assert.ok(err.txHash !== undefined)
    assert.is(await ledger.party(party.id), undefined)

    await chain.produceBlock()
    assert.is((await ledger.party(party.id))?.kind, 'clinic')
  } finally {
    await chain.close()
    await rm(dataDir, { recursive: true, force: true })
  }
})

test('a view reports a chain outage as an error event and picks up where it was once the chain is back', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'techo-ledger-'))
  let chain = await startDevChain({ dataDir, port: 0, blockIntervalMs: 50 })
  const port = Number(new URL(chain.url).port)
  const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
  const view = new LedgerView({ url: chain.url, contract: CONSENT_CONTRACT_NAME, pollMs: 20 })
  try {
    await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
    const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract: CONSENT_CONTRACT_NAME, sponsor, pollMs: 20 })
    const before = newParty()
    await ledger.registerParty(before.seed, 'clinic')
    await view.start()
    assert.is(view.party(before.id)?.kind, 'clinic')

    const outage = once(view, 'error')
    await chain.close()
    const [error] = await outage
    assert.is(error.code, 'ERR_CHAIN_UNREACHABLE')

    chain = await startDevChain({ dataDir, port, blockIntervalMs: 50 })
    const after = newParty()
    const registered = await ledger.registerParty(after.seed, 'patient')
    await view.waitForBlock(registered.event.block)
    assert.is(view.party(after.id)?.kind, 'patient')
    assert.is(view.party(before.id)?.kind, 'clinic')
  } finally {
    await view.stop()
    await chain.close()
    await rm(dataDir, { recursive: true, force: true })
  }
})

test.after(async () => { await net.close() })

test.run()
