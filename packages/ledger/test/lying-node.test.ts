// A lying RPC node cannot forge consent. Behind a real proxy on loopback that rewrites blocks of a
// real dev chain, each lie the attack findings name is tried: a grant receipt invented in a block,
// a receipt slipped into an honest transaction, an honest receipt altered (read widened to write),
// a real grant replayed after its revocation, a device approved without the device's proof. A view
// reading the liar alone refuses the block (and stops before it, saying why); a view reading it
// among honest nodes follows the honest majority; a lying majority can stall a view, never forge.
import { randomBytes } from 'node:crypto'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createDeviceKey, notebookIdFor, signPayload, toBase58, type SignedPayload } from '@techo/identity'
import { CONSENT_CONTRACT_NAME, LedgerError, LedgerView, chainUrls, type ConsentEvent } from '../src/index.js'
import type { BlockJson, BlockTxJson } from '../src/rpc.js'
import { newParty, startConsentChain } from './contract-fixture.js'
import { startLyingNode } from './lying-proxy.js'

const net = await startConsentChain(100)
const { ledger, contractId } = net
const liar = await startLyingNode(net.chain.url)
const secondLiar = await startLyingNode(net.chain.url)
const honest = net.chain.url
// The same chain by another name: a second honest node for the quorum.
const alsoHonest = net.chain.url.replace('127.0.0.1', 'localhost')
const patient = newParty()
const clinic = newParty()
const attacker = newParty()
const notebook = notebookIdFor(patient.id)
const until = Date.now() + 30 * 86_400_000
await ledger.registerParty(patient.seed, 'patient')
await ledger.registerParty(clinic.seed, 'clinic')
const attackerJoined = await ledger.registerParty(attacker.seed, 'clinic')
const granted = await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: 'read', until })
const revoked = await ledger.revoke(patient.seed, { clinic: clinic.id, notebook })
const views: LedgerView[] = []

/** A transaction a liar adds to a block: the call as signed, and a receipt claiming it succeeded with `event`. */
function invented (action: ConsentEvent['action'], signed: SignedPayload, event: Record<string, unknown>, block: BlockJson): BlockTxJson {
  const hash = toBase58(randomBytes(32))
  const content = JSON.stringify({ ...event, at: Math.floor(Number(block.time) / 1e6), block: Number(block.number), tx: hash })
  return {
    hash,
    actions: [{ contract: contractId, action_name: action, data: JSON.stringify([signed.payload, signed.signature]) }],
    tx_receipt: { tx_hash: hash, gas_usage: 1, status_code: 'SUCCESS', message: '', receipts: [{ func_name: `${contractId}/${action}`, content }] }
  }
}

/** The attacker's write grant on the patient's notebook, as the liar claims it. */
const forgedGrant = { action: 'grant' as const, patient: patient.id, notebook, clinic: attacker.id, scope: 'write' as const, until, signer: patient.id }

/** Starts a view of `urls` from the deployment; resolves to it, or to the error that stopped it. */
async function follow (urls: string[], quorum?: number): Promise<LedgerView | LedgerError> {
  const view = new LedgerView({ url: urls, contract: CONSENT_CONTRACT_NAME, pollMs: 20, ...(quorum === undefined ? {} : { quorum }) })
  views.push(view)
  return await view.start().then(() => view, (err: unknown) => err as LedgerError)
}

/** Checks that a view of the liar alone refuses block `height` with `why`, stopping just before it with no forged state. */
async function refusedAlone (height: number, why: RegExp): Promise<void> {
  const outcome = await follow([liar.url])
  assert.instance(outcome, LedgerError, 'the view believed the lie')
  const err = outcome as LedgerError
  assert.is(err.code, 'ERR_BAD_CHAIN_DATA')
  assert.match(err.message, `Block ${height} from ${liar.url} is not believed: transaction `)
  assert.match(err.message, why)
}

test('a grant receipt invented in a block, with a payload the patient never signed, is refused', async () => {
  const payload = await ledger.prepare('grant', patient.id, { clinic: attacker.id, notebook, scope: 'write', until })
  liar.tamper.set(attackerJoined.event.block, block => {
    block.transactions?.push(invented('grant', signPayload(attacker.seed, payload), forgedGrant, block))
  })
  await refusedAlone(attackerJoined.event.block, /succeeded, but the contract refuses its grant: The signature does not match the payload and its signer/)
  // Signed by the attacker in its own name, the grant is not a patient's.
  const own = await ledger.prepare('grant', attacker.id, { clinic: attacker.id, notebook: notebookIdFor(attacker.id), scope: 'write', until })
  liar.tamper.set(attackerJoined.event.block, block => {
    block.transactions?.push(invented('grant', signPayload(attacker.seed, { ...own, notebook }), { ...forgedGrant, signer: attacker.id, patient: attacker.id }, block))
  })
  await refusedAlone(attackerJoined.event.block, /refuses its grant: \S+ is registered as a clinic, not a patient/)
  liar.tamper.clear()
})

test('a receipt slipped into an honest transaction, or an honest receipt altered, is refused', async () => {
  liar.tamper.set(attackerJoined.event.block, block => {
    const tx = block.transactions?.find(t => t.hash === attackerJoined.txHash)
    tx?.tx_receipt?.receipts?.push({ func_name: `${contractId}/grant`, content: JSON.stringify({ ...forgedGrant, at: 1, block: 1, tx: tx.hash }) })
  })
  await refusedAlone(attackerJoined.event.block, /calls the consent contract 1 times but carries 2 consent receipts/)
  liar.tamper.clear()
  liar.tamper.set(granted.event.block, block => {
    const receipt = block.transactions?.find(t => t.hash === granted.txHash)?.tx_receipt?.receipts?.[0]
    if (receipt !== undefined) receipt.content = receipt.content.replace('"scope":"read"', '"scope":"write"')
  })
  await refusedAlone(granted.event.block, /carries a grant receipt that is not the event its signed payload makes/)
  liar.tamper.clear()
})

test('a block whose time is not a time is refused: expiry is judged against it', async () => {
  liar.tamper.set(granted.event.block, block => { block.time = 'later' })
  const outcome = await follow([liar.url])
  assert.is((outcome as LedgerError).code, 'ERR_BAD_CHAIN_DATA')
  assert.match((outcome as LedgerError).message, `Block ${granted.event.block} from ${liar.url} is not believed: it is not the block asked for, or lacks its hash or its time.`)
  liar.tamper.clear()
})

test('a real grant replayed after its revocation is refused: its nonce is used up', async () => {
  liar.tamper.set(revoked.event.block, block => {
    block.transactions?.push(invented('grant', granted.signed, { ...granted.event }, block))
  })
  await refusedAlone(revoked.event.block, /refuses its grant: The payload's nonce is \d+ but the signer's next nonce is \d+/)
  liar.tamper.clear()
})

test('a device approved without the device\'s proof is refused', async () => {
  const victim = createDeviceKey()
  const payload = await ledger.prepare('approveDevice', attacker.id, { party: attacker.id, device: victim.peerId, role: 'practitioner', chain: net.chain.chainId, proof: toBase58(randomBytes(64)) })
  const key = toBase58(victim.publicKey)
  liar.tamper.set(attackerJoined.event.block, block => {
    block.transactions?.push(invented('approveDevice', signPayload(attacker.seed, payload), { action: 'approveDevice', party: attacker.id, device: victim.peerId, role: 'practitioner', key, signer: attacker.id }, block))
  })
  await refusedAlone(attackerJoined.event.block, /refuses its approveDevice: Device \S+ did not prove it holds its key/)
  liar.tamper.clear()
})

test('among honest nodes the liar is outvoted: the view follows the honest chain and never sees the forged grant', async () => {
  const payload = await ledger.prepare('grant', patient.id, { clinic: attacker.id, notebook, scope: 'write', until })
  liar.tamper.set(attackerJoined.event.block, block => { block.transactions?.push(invented('grant', signPayload(attacker.seed, payload), forgedGrant, block)) })
  liar.tamper.set(revoked.event.block, block => { block.transactions = [] })
  const view = await follow([liar.url, honest, alsoHonest])
  assert.instance(view, LedgerView, String(view))
  const v = view as LedgerView
  assert.ok(v.height >= revoked.event.block)
  assert.is(v.grant(notebook, attacker.id), undefined)
  assert.is(v.grant(notebook, clinic.id)?.revoked, true, 'the revocation the liar hid is applied')
  liar.tamper.clear()
})

test('a lying majority can stall a view, never make it believe a forged grant', async () => {
  const payload = await ledger.prepare('grant', patient.id, { clinic: attacker.id, notebook, scope: 'write', until })
  // The liars tell the same lie, to the byte.
  let lie: BlockTxJson | undefined
  for (const node of [liar, secondLiar]) {
    node.tamper.set(attackerJoined.event.block, block => { block.transactions?.push(lie ??= invented('grant', signPayload(attacker.seed, payload), forgedGrant, block)) })
  }
  const outcome = await follow([liar.url, secondLiar.url, honest])
  assert.instance(outcome, LedgerError)
  assert.match((outcome as LedgerError).message, `Block ${attackerJoined.event.block} from ${liar.url}, ${secondLiar.url}, ${honest} is not believed`)
  // Two honest nodes out of three, with a quorum of all three: no agreement, no belief.
  const split = await follow([liar.url, honest, alsoHonest], 3)
  assert.is((split as LedgerError).code, 'ERR_NO_QUORUM')
  liar.tamper.clear()
  secondLiar.tamper.clear()
})

test('a remote node must be reached over https; plain http only on this machine', () => {
  assert.throws(() => chainUrls('http://node.example:30001'), /is not reached over https: a node on another machine must be/)
  assert.throws(() => new LedgerView({ url: 'http://10.0.0.7:30001', contract: CONSENT_CONTRACT_NAME }), /not reached over https/)
  assert.equal(chainUrls('https://a.example/, http://127.0.0.1:30001 ,http://[::1]:1,http://localhost:2'), ['https://a.example', 'http://127.0.0.1:30001', 'http://[::1]:1', 'http://localhost:2'])
  assert.throws(() => new LedgerView({ url: [honest, alsoHonest], contract: CONSENT_CONTRACT_NAME, quorum: 3 }), /quorum must be a whole number from 1 to 2/)
})

test.after(async () => {
  await Promise.all(views.map(async v => await v.stop()))
  await liar.close()
  await secondLiar.close()
  await net.close()
})

test.run()
