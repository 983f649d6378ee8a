// The opening of a sync stream. The initiator sends hello (protocol version,
// notebook id) and waits for accept or refuse; the responder reads the hello
// within the handshake limit and answers. A refused stream is closed after the
// refusal: no notebook byte ever crosses it.
import { dialProtocol, type PeerId, type TechoNode } from '@techo/net'
import { Channel } from './channel.js'
import { SyncError } from './errors.js'
import { PROTOCOL_VERSION, type RefusalCode } from './frames.js'

/** The libp2p protocol id of Techo notebook sync. */
export const SYNC_PROTOCOL = '/techo/sync/1.0.0'

export interface HandshakeLimits {
  maxFrameBytes: number
  handshakeTimeoutMs: number
}

/** Opens a sync stream to `peer` for `notebook`; resolves with the channel once the peer accepted, throws ERR_REFUSED (with the peer's reason) otherwise. */
export async function initiate (node: TechoNode, peer: PeerId, notebook: string, limits: HandshakeLimits, signal: AbortSignal): Promise<Channel> {
  const stream = await dialProtocol(node, peer, SYNC_PROTOCOL, { signal })
  const channel = new Channel(stream, limits.maxFrameBytes)
  try {
    await channel.write({ type: 'hello', v: PROTOCOL_VERSION, notebook })
    const answer = await channel.read(limits.handshakeTimeoutMs)
    if (answer.type === 'refuse') {
      await channel.close()
      throw new SyncError('ERR_REFUSED', `Device ${peer.toString()} refused to sync notebook ${notebook}: ${answer.reason}.`, { refusal: answer.code })
    }
    if (answer.type !== 'accept') throw new SyncError('ERR_BAD_FRAME', `Device ${peer.toString()} answered a hello with a ${answer.type} frame.`)
    return channel
  } catch (err) {
    if (!(err instanceof SyncError && err.code === 'ERR_REFUSED')) channel.reset(err as Error)
    throw err
  }
}

/** Reads the initiator's hello; throws a SyncError (the caller resets the stream) if the first frame is anything else. */
export async function readHello (channel: Channel, limits: HandshakeLimits): Promise<{ v: number, notebook: string }> {
  const frame = await channel.read(limits.handshakeTimeoutMs)
  if (frame.type !== 'hello') throw new SyncError('ERR_BAD_FRAME', `The peer opened a sync stream with a ${frame.type} frame instead of a hello.`)
  return { v: frame.v, notebook: frame.notebook }
}

/** Sends a refusal and closes the stream. */
export async function refuse (channel: Channel, code: RefusalCode, reason: string): Promise<void> {
  try {
    await channel.write({ type: 'refuse', code, reason })
  } catch {}
  await channel.close()
}

/** Sends the acceptance; the session starts after it. */
export async function accept (channel: Channel): Promise<void> {
  await channel.write({ type: 'accept', v: PROTOCOL_VERSION })
}
