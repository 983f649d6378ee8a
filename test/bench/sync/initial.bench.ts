// Initial sync of a 15k-entry notebook (ten years of readings, about four a
// day, each added in its own change as a phone adds them) to a new clinic
// relay, beside two yardsticks measured in the same run on the same document:
//   - Automerge.load of the saved notebook (the floor: the relay must at least load it);
//   - automerge-repo 2.5.6 syncing it from one Repo to another over its own
//     WebSocket network adapter (a new client Repo finding the document).
// The Techo figure runs from the TCP dial to the relay holding the whole
// notebook (ledger checks, Noise, the gate included); "saved" adds the relay's
// encrypted vault write. Bytes on the wire are both directions.
//
//   node --import tsx test/bench/sync/initial.bench.ts [runs, default 5] [entries, default 15000]
//
// Figures only. Targets (issue 4): ≤ 1.5× Automerge.load, ≤ 1.0× automerge-repo; both techo
// figures are given as ratios to both yardsticks.
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { Repo } from '@automerge/automerge-repo'
import { WebSocketClientAdapter, WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket'
import type { Notebook, VitalInput } from '@techo/notebook'
import { Automerge, connect, copyOf, startWorld, type Device, type World } from '../../../packages/sync/test/fixture.js'

type Party = Parameters<World['device']>[0]

const RUNS = Number(process.argv[2] ?? 5)
const ENTRIES = Number(process.argv[3] ?? 15_000)
const END = Date.parse('2025-01-01T00:00:00Z')
const SPAN = 10 * 365 * 86_400_000

// The WebSocket server class the adapter expects: `ws`, as the adapter itself resolves it.
const require = createRequire(createRequire(import.meta.url).resolve('@automerge/automerge-repo-network-websocket'))
const { WebSocketServer } = require('ws') as typeof import('ws')

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
function reading (i: number, at: string): VitalInput {
  switch (i % 4) {
    case 0: return { kind: 'bp', systolic: 110 + (i % 30), diastolic: 70 + (i % 15), at }
    case 1: return { kind: 'pulse', value: 55 + (i % 40), at }
    case 2: return { kind: 'weight', value: 60 + (i % 100) / 10, at }
    default: return { kind: 'glucose', value: 80 + (i % 60), at }
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const ms = (x: number): string => `${x.toFixed(0).padStart(5)} ms`
const kib = (x: number): string => `${(x / 1024).toFixed(0)} KiB`

/**
 * The relay of a newly granted clinic pulling the notebook from the phone: [ms to hold it, ms to have
 * saved it, wire bytes]. A new clinic each run: a clinic with several relays places each notebook on
 * only some of them, so a third relay of one clinic would not take it.
 */
async function techo (world: World, phone: Device, patient: Party, id: string): Promise<[number, number, number]> {
  const clinic = await world.party('clinic')
  await phone.at(await world.grant(patient, clinic, 'read'))
  const relay = await world.device(clinic, 'relay')
  const service = await relay.sync()
  const t0 = performance.now()
  await connect(relay, phone)
  const [result] = await service.syncOnce(phone.peerId, { timeoutMs: 120_000 })
  const held = performance.now() - t0
  if (result?.stage !== 'in-sync' || copyOf(service) === undefined) throw new Error(`the relay did not sync: ${result?.error?.message ?? 'no session'}`)
  while (!(await relay.vault.notebooks.has(id))) await new Promise(resolve => setTimeout(resolve, 2))
  const saved = performance.now() - t0
  const bytes = (result.stats?.bytesIn ?? 0) + (result.stats?.bytesOut ?? 0)
  await relay.stop()
  return [held, saved, bytes]
}

/** automerge-repo: a new client Repo finds the document on a server Repo over WebSocket: [ms, wire bytes]. */
async function automergeRepo (bytes: Uint8Array): Promise<[number, number]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise(resolve => server.once('listening', resolve))
  let wire = 0
  server.on('connection', socket => {
    socket.on('message', (data: ArrayBufferLike | Uint8Array) => { wire += data.byteLength })
    const send = socket.send.bind(socket)
    socket.send = ((data: Uint8Array, ...rest: unknown[]) => { wire += data.byteLength; return (send as (...a: unknown[]) => void)(data, ...rest) }) as typeof socket.send
  })
  const serverRepo = new Repo({ network: [new WebSocketServerAdapter(server as never)], peerId: 'server' as never, sharePolicy: async () => true })
  const handle = serverRepo.import(bytes)
  const port = (server.address() as AddressInfo).port
  const t0 = performance.now()
  const client = new Repo({ network: [new WebSocketClientAdapter(`ws://127.0.0.1:${port}`)], peerId: 'client' as never })
  const found = await client.find(handle.url)
  const elapsed = performance.now() - t0
  if (Automerge.getHeads(found.doc() as Automerge.Doc<unknown>).join() !== Automerge.getHeads(handle.doc() as Automerge.Doc<unknown>).join()) throw new Error('automerge-repo did not sync the whole document')
  client.shutdown()
  await serverRepo.shutdown()
  await new Promise(resolve => server.close(resolve))
  return [elapsed, wire]
}

const world = await startWorld()
try {
  const patient = await world.party('patient')
  const phone = await world.device(patient, 'phone')
  const phoneSync = await phone.sync()
  const notebook = phoneSync.notebooks()[0]?.holder as Notebook
  const built = performance.now()
  for (let i = 0; i < ENTRIES; i++) notebook.addVital(reading(i, iso(END - SPAN + Math.floor(i * SPAN / ENTRIES))))
  const saved = notebook.save()
  console.log(`initial sync of a ${ENTRIES}-entry notebook (${ENTRIES + 1} changes, ${kib(saved.length)} saved; built in ${ms(performance.now() - built)})`)

  const load: number[] = []
  const held: number[] = []
  const durable: number[] = []
  const repo: number[] = []
  let techoBytes = 0
  let repoBytes = 0
  Automerge.load(saved) // warm-up
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so drift on a busy machine hits all three alike.
    const t0 = performance.now()
    Automerge.load(saved)
    load.push(performance.now() - t0)
    const [h, d, b] = await techo(world, phone, patient, notebook.id)
    held.push(h)
    durable.push(d)
    techoBytes = b
    const [r, w] = await automergeRepo(saved)
    repo.push(r)
    repoBytes = w
  }
  const ratios = (techoMs: number): string => `${(techoMs / median(load)).toFixed(2)}× Automerge.load (target ≤ 1.5×), ${(techoMs / median(repo)).toFixed(2)}× automerge-repo (target ≤ 1.0×)`
  console.log(`  Automerge.load                       ${ms(median(load))}`)
  console.log(`  automerge-repo (WebSocket adapter)   ${ms(median(repo))}   ${kib(repoBytes)} on the wire`)
  console.log(`  techo sync, relay holds the notebook ${ms(median(held))}   ${kib(techoBytes)} on the wire   ${ratios(median(held))}`)
  console.log(`  techo sync, relay has saved it       ${ms(median(durable))}   ${ratios(median(durable))}`)
  console.log(`  medians of ${RUNS} runs`)
} finally {
  await world.close()
}
