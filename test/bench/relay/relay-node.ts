// The clinic relay under test, in a process of its own so that its start-up and memory are its own
// (the chain and the patients' phones run in the benchmark's process). It starts as the daemon
// does: the vault, the ledger view resumed from the vault's checkpoint, the libp2p node gated by
// the view, the sync service; then it reports every change it applies, opens cold replicas on
// request, and on stop saves its view's checkpoint, as the daemon does.
//
//   forked by relay.bench.ts with: <stored> <entries> <active>; it sends the chain's URL once the
//   relay's modules are loaded, so the blocks the view catches up are those of a restart, not of the
//   module loading.
import { CONSENT_CONTRACT_NAME, LedgerView, type ViewCheckpoint } from '@techo/ledger'
import { createTechoNode } from '@techo/net'
import { Notebook } from '@techo/notebook'
import { SyncService } from '@techo/sync'
import { openVault, type Json } from '@techo/vault'
import type { FromRelay, Memory, ToRelay } from './messages.js'
import { CHECKPOINT_KEY, storedSet } from './stored.js'

const [stored, entries, active] = process.argv.slice(2)
const set = await storedSet(Number(stored), Number(entries), Number(active), () => { throw new Error('The benchmark generates the stored notebooks before it starts the relay.') })
const send = (message: FromRelay): void => { process.send?.(message) }
const memory = (): Memory => ({ rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed })

const url = await new Promise<string>(resolve => {
  process.once('message', (m: ToRelay) => { if (m.type === 'start') resolve(m.url) })
  send({ type: 'loaded' })
})
const before = memory()
const t0 = performance.now()
const vault = await openVault(set.relayDir)
await vault.unlock(set.vaultKey)
const t1 = performance.now()
const checkpoint = await vault.consent.get(CHECKPOINT_KEY) as unknown as ViewCheckpoint
const view = new LedgerView({ url, contract: CONSENT_CONTRACT_NAME, resume: checkpoint })
const t2 = performance.now()
await view.start()
const t3 = performance.now()
const node = await createTechoNode({ role: 'relay', privateKey: set.relay.raw, policy: { admits: id => view.isApprovedDevice(id) } })
const t4 = performance.now()
const party = set.clinic.id
const service = new SyncService({ node, signer: set.relay, vault, view, self: { party, role: 'relay' }, open: (doc, actor) => Notebook.fromDoc(doc as never, { actor, party }) })
await service.start()
const t5 = performance.now()
service.on('change', ({ notebook }) => { send({ type: 'change', notebook }) })
send({
  type: 'ready',
  peerId: node.peerId.toString(),
  addresses: node.getMultiaddrs().map(String),
  startUp: { vault: t1 - t0, checkpoint: t2 - t1, view: t3 - t2, blocks: view.height - checkpoint.block, node: t4 - t3, sync: t5 - t4, total: t5 - t0 },
  memory: { before, after: memory() },
  ...service.counts()
})

process.on('message', (message: ToRelay) => { void answer(message) })

async function answer (message: ToRelay): Promise<void> {
  if (message.type === 'memory') send({ type: 'memory', memory: memory(), ...service.counts() })
  if (message.type === 'cold') send({ type: 'cold', ms: await openCold(message.count) })
  if (message.type === 'stop') {
    await service.stop()
    await view.stop()
    await vault.consent.put(CHECKPOINT_KEY, view.checkpoint() as unknown as Json)
    await node.stop()
    await vault.close()
    send({ type: 'stopped' })
    process.disconnect()
  }
}

// Replicas no session asked for, picked at random from those not open, each opened and timed alone;
// one untimed first, so loading Automerge's WebAssembly (on a relay's first open) is not counted.
async function openCold (count: number): Promise<number[]> {
  const open = new Set(service.notebooks().map(n => n.id))
  const cold = service.held().map(h => h.id).filter(id => !open.has(id))
  const times: number[] = []
  for (let i = -1; i < count && cold.length > 0; i++) {
    const [id] = cold.splice(Math.floor(Math.random() * cold.length), 1) as [string]
    const started = performance.now()
    const opened = await service.open(id)
    if (i >= 0) times.push(performance.now() - started)
    if (opened?.populated !== true) throw new Error(`Replica ${id} opened empty: the stored notebook was not found.`)
  }
  return times
}
