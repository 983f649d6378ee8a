// LedgerView against a real dev chain: it replays the contract's events from the deployment,
// follows new blocks, announces each event once, and answers the gater and the sync layer
// from its cache. Revocation is visible as soon as the view has the block that holds it.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createDeviceKey, notebookIdFor } from '@techo/identity'
import { CONSENT_CONTRACT_NAME, LedgerView, type ConsentEvent } from '../src/index.js'
import { newParty, startConsentChain } from './contract-fixture.js'

const net = await startConsentChain()
const { ledger } = net
const location = { url: net.chain.url, contract: CONSENT_CONTRACT_NAME, pollMs: 20 }
const clinic = newParty()
const patient = newParty()
const practitionerKey = createDeviceKey()
const practitioner = practitionerKey.peerId
const notebook = notebookIdFor(patient.id)
const views: LedgerView[] = []

// Registered before any view starts: a view must pick these up by replaying past blocks.
await ledger.registerParty(clinic.seed, 'clinic')
await ledger.registerParty(patient.seed, 'patient')

async function startView (options: Partial<ConstructorParameters<typeof LedgerView>[0]> = {}): Promise<LedgerView> {
  const view = new LedgerView({ ...location, ...options })
  views.push(view)
  await view.start()
  return view
}

test('a view replays the parties registered before it started', async () => {
  const view = await startView()
  assert.is(view.party(clinic.id)?.kind, 'clinic')
  assert.is(view.party(patient.id)?.kind, 'patient')
  assert.ok(view.height >= (await ledger.deployedAt()))
  await view.stop()
})

test('approvals, grants and revocations reach the view as typed events, each once, at their block', async () => {
  const view = await startView()
  const seen: ConsentEvent[] = []
  const record = (e: ConsentEvent): void => { seen.push(e) }
  for (const action of ['approveDevice', 'grant', 'revoke', 'revokeDevice'] as const) view.on(action, record)

  assert.not.ok(view.isApprovedDevice(practitioner))
  const approved = await ledger.approveDevice(clinic.seed, practitionerKey, 'practitioner')
  await view.waitForBlock(approved.event.block)
  assert.ok(view.isApprovedDevice(practitioner))

  const granted = await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: 'write', until: Date.now() + 3_600_000 })
  await view.waitForBlock(granted.event.block)
  assert.is(view.grant(notebook, clinic.id)?.active, true)
  assert.is(view.grantsForClinic(clinic.id)[0]?.scope, 'write')

  const revoked = await ledger.revoke(patient.seed, { clinic: clinic.id, notebook })
  await view.waitForBlock(revoked.event.block)
  assert.is(view.grant(notebook, clinic.id)?.active, false)

  const withdrawn = await ledger.revokeDevice(clinic.seed, practitioner)
  await view.waitForBlock(withdrawn.event.block)
  assert.not.ok(view.isApprovedDevice(practitioner))

  assert.equal(seen.map(e => e.action), ['approveDevice', 'grant', 'revoke', 'revokeDevice'])
  assert.equal(seen.slice(0, 3).map(e => e.tx), [approved.txHash, granted.txHash, revoked.txHash])
  await view.stop()
})

test('a view resumed from a checkpoint has the same state and announces only newer events', async () => {
  const first = await startView()
  const checkpoint = JSON.parse(JSON.stringify(first.checkpoint()))
  await first.stop()

  const resumed = new LedgerView({ ...location, resume: checkpoint })
  views.push(resumed)
  const seen: ConsentEvent[] = []
  resumed.on('grant', e => { seen.push(e) })
  resumed.on('registerParty', e => { seen.push(e) })
  await resumed.start()
  assert.equal(seen, [])
  assert.is(resumed.party(clinic.id)?.kind, 'clinic')
  assert.is(resumed.grant(notebook, clinic.id)?.revoked, true)

  const regrant = await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: 'read', until: Date.now() + 3_600_000 })
  await resumed.waitForBlock(regrant.event.block)
  assert.equal(seen.map(e => [e.action, e.tx]), [['grant', regrant.txHash]])
  assert.is(resumed.grant(notebook, clinic.id)?.scope, 'read')
  await resumed.stop()
})

test('waiting on a stopped view fails clearly instead of hanging', async () => {
  const view = await startView()
  await view.stop()
  const waiting = view.waitForBlock(view.height + 1000)
  await waiting.then(() => assert.unreachable('resolved'), (err: Error) => assert.match(err.message, /stopped at block/))
})

test.after(async () => {
  await Promise.all(views.map(async v => await v.stop()))
  await net.close()
})

test.run()
