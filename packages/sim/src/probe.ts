// A probe: a clinic relay that may not sync a patient's notebook (its grant was revoked, has
// lapsed, or is yet to come) opens a sync stream to the patient's phone over the connection they
// share and says hello for that notebook, exactly as a sync session would start. The phone must
// refuse it on consent, before a byte of the notebook moves.
import { lpStream } from '@libp2p/utils'
import { dialProtocol, peerIdFromString, type TechoNode } from '@techo/net'
import { PROTOCOL_VERSION, SYNC_PROTOCOL, decodeFrame, encodeFrame } from '@techo/sync'

export type ProbeOutcome = { outcome: 'refused' | 'accepted' | 'skipped' | 'failed', detail: string }

/** Says hello for `notebook` from `node` to the device `peer`; never throws. */
export async function probe (node: TechoNode, peer: string, notebook: string, timeoutMs = 30_000): Promise<ProbeOutcome> {
  const id = peerIdFromString(peer)
  if (node.getConnections(id).length === 0) return { outcome: 'skipped', detail: 'the phone was not connected to this relay' }
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const stream = await dialProtocol(node, id, SYNC_PROTOCOL, { signal })
    const lp = lpStream(stream)
    await lp.write(encodeFrame({ type: 'hello', v: PROTOCOL_VERSION, notebook }), { signal })
    const answer = decodeFrame((await lp.read({ signal })).subarray())
    if (answer.type === 'refuse') {
      await stream.close().catch(() => {})
      const detail = `${answer.code}: ${answer.reason}`
      // Only a refusal on consent counts. A duplicate means the phone authorised the relay (it checks
      // consent first) and already syncs with it; a phone shutting down said nothing about consent.
      if (answer.code === 'duplicate') return { outcome: 'accepted', detail }
      return { outcome: answer.code === 'not-authorised' ? 'refused' : 'failed', detail }
    }
    // Accepted: say goodbye at once, as a session with nothing to sync would.
    await lp.write(encodeFrame({ type: 'bye', reason: 'probe' }), { signal }).catch(() => {})
    await stream.close().catch(() => {})
    return { outcome: 'accepted', detail: `the phone answered ${answer.type}` }
  } catch (err) {
    return { outcome: 'failed', detail: (err as Error).message }
  }
}
