// Notices between nodes beside sync, on their own protocol over the same libp2p connections: a
// clinic's signed profile (so patients see its name), and view receipts (so a patient sees which
// clinic device opened the notebook, and when). A clinic device that opens a notebook signs a
// receipt and hands it to the peers it syncs that notebook with; a clinic relay keeps receipts from
// its own devices until the patient's device is connected, then forwards them; the patient's node
// checks each receipt's signature and the chain's word on the device before writing it to its audit log.
import { Backoff } from '@techo/backoff'
import { notebookIdFor, type SignedPayload } from '@techo/identity'
import type { LedgerView } from '@techo/ledger'
import { dialProtocol, handleProtocol, peerIdFromString, type Connection, type PeerId, type Stream, type TechoNode } from '@techo/net'
import type { SessionInfo, SyncService } from '@techo/sync'
import createDebug from 'debug'
import { clinicNames, keepProfile, signedProfile } from '../access/clinic-profile.js'
import { checkViewed, signViewed, viewedAsStored, type ViewReceipt } from '../access/view-receipt.js'
import { receiptsFor } from './receipt-route.js'
import type { LocalSession } from '../session/session.js'

const log = createDebug('techo:daemon:notices')

/** The protocol notices travel on. */
const NOTICE_PROTOCOL = '/techo/notice/1.0.0'
const MAX_BYTES = 64 * 1024
const SEND_TIMEOUT_MS = 10_000
/** One receipt per notebook per this long, however often a page refreshes. */
const VIEW_RECEIPT_EVERY_MS = 10 * 60_000
const MAX_PENDING = 500
const MAX_SEEN = 1000
const PENDING = 'receipts/pending'
const SEEN = 'receipts/seen'

/** Profiles and receipts carried; `want: 'profile'` asks a node of the same clinic for the clinic's profile. */
interface Notice { profiles?: SignedPayload[], receipts?: ViewReceipt[], want?: 'profile' }

/** A running notice service. */
export interface Notices {
  /** Notes that this clinic device opened `patient`'s notebook: a receipt goes to the patient (at most one per interval). */
  viewed: (patient: string) => void
  stop: () => Promise<void>
}

/** Serves and sends notices for the node `node`, whose sync service is `sync`. */
export async function startNotices (node: TechoNode, sync: SyncService, view: LedgerView, session: LocalSession): Promise<Notices> {
  const { party, role, peerId } = session.self
  const vault = session.vault
  const profiled = new Set<string>()
  const lastViewed = new Map<string, number>()
  // One vault write at a time: the pending list is read, changed and written back whole.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = async <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work)
    queue = next.catch(() => {})
    return await next
  }
  const pending = async (): Promise<ViewReceipt[]> => (await vault.consent.get(PENDING) ?? []) as unknown as ViewReceipt[]

  const send = async (peer: string, notice: Notice): Promise<boolean> => {
    try {
      const stream = await dialProtocol(node, peerIdFromString(peer), NOTICE_PROTOCOL, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      if (!stream.send(new TextEncoder().encode(JSON.stringify(notice)))) await stream.onDrain({ signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      await stream.close({ signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      return true
    } catch (err) {
      log('sending a notice to %s failed: %s', peer, (err as Error).message)
      return false
    }
  }

  // A send that failed while the notebook's peers were connected (a connection closing under the
  // stream) is tried again with backoff: otherwise the receipts would wait for that notebook's next
  // session, which may be days away.
  const retries = new Map<string, { backoff: Backoff, timer?: NodeJS.Timeout }>()
  let stopped = false
  const retryLater = (notebook: string): void => {
    const retry = retries.get(notebook) ?? { backoff: new Backoff() }
    retries.set(notebook, retry)
    if (retry.timer !== undefined || stopped) return
    retry.timer = setTimeout(() => {
      retry.timer = undefined
      flush(notebook).catch(err => { log('receipts of %s: %s', notebook, (err as Error).message) })
    }, retry.backoff.next())
  }

  // Pending receipts of `notebook` go on toward the patient (receiptsFor says to whom).
  const flush = async (notebook: string): Promise<void> => {
    const waiting = (await pending()).filter(r => viewedAsStored(r).notebook === notebook)
    if (waiting.length === 0) return
    const sessions = sync.peers().sessions.filter(s => s.notebook === notebook)
    const sent = new Set<string>()
    let failed = false
    for (const s of sessions) {
      const batch = receiptsFor(s.access, waiting, peerId)
      if (batch.length === 0) continue
      if (await send(s.peer, { receipts: batch })) for (const r of batch) sent.add(r.signature)
      else failed = true
    }
    if (failed) retryLater(notebook)
    else {
      clearTimeout(retries.get(notebook)?.timer)
      retries.delete(notebook)
    }
    if (sent.size === 0) return
    await serial(async () => {
      await vault.consent.put(PENDING, (await pending()).filter(r => !sent.has(r.signature)) as never)
    })
  }

  const enqueue = async (receipts: ViewReceipt[]): Promise<void> => {
    await serial(async () => {
      const kept = await pending()
      const known = new Set(kept.map(r => r.signature))
      await vault.consent.put(PENDING, [...kept, ...receipts.filter(r => !known.has(r.signature))].slice(-MAX_PENDING) as never)
    })
  }

  // A receipt for this patient's own notebook, from a device the chain ties to a clinic that held a grant on it.
  const record = async (receipt: ViewReceipt): Promise<void> => {
    const v = checkViewed(receipt)
    if (v === undefined || v.patient !== party || v.notebook !== notebookIdFor(party)) return
    if (view.device(v.device)?.party !== v.party || view.grant(v.notebook, v.party) === undefined) return
    await serial(async () => {
      const seen = (await vault.consent.get(SEEN) ?? []) as string[]
      if (seen.includes(receipt.signature)) return
      const name = (await clinicNames(vault))[v.party]
      const role = view.device(v.device)?.role ?? 'device'
      await vault.audit.append({ at: v.at, kind: 'viewed', peer: v.device, party: v.party, notebook: v.notebook, detail: `${name ?? `clinic ${v.party}`} opened your notebook (${role} device ${v.device})` })
      await vault.consent.put(SEEN, [...seen, receipt.signature].slice(-MAX_SEEN))
    })
  }

  const receive = async (stream: Stream, connection: Connection): Promise<void> => {
    const from = connection.remotePeer.toString()
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of stream) {
      size += chunk.byteLength
      if (size > MAX_BYTES) { stream.abort(new Error('notice too large')); return }
      chunks.push(chunk.subarray())
    }
    const notice = JSON.parse(new TextDecoder().decode(Buffer.concat(chunks))) as Notice
    for (const p of Array.isArray(notice.profiles) ? notice.profiles : []) await keepProfile(vault, p)
    if (notice.want === 'profile' && view.device(from)?.party === party) await tellName(from)
    const receipts = Array.isArray(notice.receipts) ? notice.receipts : []
    if (receipts.length === 0) return
    if (role === 'patient') {
      for (const r of receipts) await record(r)
      return
    }
    // A clinic node forwards only its own devices' receipts, delivered by its own devices.
    const own = receipts.filter(r => { const v = checkViewed(r); return v !== undefined && v.party === party && view.device(from)?.party === party })
    if (own.length === 0) return
    await enqueue(own)
    for (const notebook of new Set(own.map(r => checkViewed(r)?.notebook as string))) await flush(notebook)
  }

  // A clinic's nodes tell each peer the clinic's name once per run.
  const tellName = async (peer: string): Promise<void> => {
    if (role !== 'clinic' || profiled.has(peer)) return
    const profile = await signedProfile(vault, party)
    if (profile !== undefined && await send(peer, { profiles: [profile] })) profiled.add(peer)
  }
  const onSession = (info: SessionInfo): void => {
    void (async () => {
      await tellName(info.peer)
      await flush(info.notebook)
    })().catch(err => { log('notices for a new session: %s', (err as Error).message) })
  }
  // The clinic's own devices learn its name as soon as they connect, before any patient's notebook syncs:
  // told by the node that holds it, or, when that node spoke before this one listened, asked for it.
  const onConnect = (event: CustomEvent<PeerId>): void => {
    const peer = event.detail.toString()
    if (role !== 'clinic' || view.device(peer)?.party !== party) return
    void (async () => {
      if (await signedProfile(vault, party) === undefined) await send(peer, { want: 'profile' })
      else await tellName(peer)
    })().catch(err => { log('the clinic\'s name with %s: %s', peer, (err as Error).message) })
  }

  // Each notice's stream is closed once read: a stream left half-open counts against libp2p's limit
  // of inbound streams per connection, and after 32 of them every notice from that peer was refused.
  await handleProtocol(node, NOTICE_PROTOCOL, (stream, connection) => {
    receive(stream, connection)
      .catch(err => { log('a notice from %s was refused: %s', connection.remotePeer.toString(), (err as Error).message) })
      .finally(() => { stream.close({ signal: AbortSignal.timeout(SEND_TIMEOUT_MS) }).catch(() => { stream.abort(new Error('notice stream did not close')) }) })
  })
  sync.on('session', onSession)
  node.addEventListener('peer:connect', onConnect)
  for (const peer of node.getPeers()) onConnect(new CustomEvent('peer:connect', { detail: peer }))
  return {
    viewed: patient => {
      const notebook = notebookIdFor(patient)
      const last = lastViewed.get(notebook) ?? 0
      if (Date.now() - last < VIEW_RECEIPT_EVERY_MS) return
      lastViewed.set(notebook, Date.now())
      const receipt = signViewed(session.keystore.device, { notebook, patient, party, device: peerId, at: new Date().toISOString() })
      enqueue([receipt]).then(async () => { await flush(notebook) }).catch(err => { log('a view receipt for %s: %s', notebook, (err as Error).message) })
    },
    stop: async () => {
      stopped = true
      for (const retry of retries.values()) clearTimeout(retry.timer)
      sync.off('session', onSession)
      node.removeEventListener('peer:connect', onConnect)
      await node.unhandle(NOTICE_PROTOCOL)
      await queue
    }
  }
}
