// A raw client of /techo/sync/1.0.0 for the tests that play a misbehaving or
// unauthorised peer: it writes exactly the bytes a test chooses and reports
// every byte that came back and how the stream ended.
import { dialProtocol, type TechoNode } from '@techo/net'
import { SYNC_PROTOCOL, encodeFrame, decodeFrame, type Frame } from '../src/index.js'

/** How a raw exchange ended: the bytes the node sent back, and whether it reset the stream or closed it. */
export interface Outcome {
  received: Uint8Array
  ending: 'reset' | 'closed'
}

/** Opens a sync stream from `from` to `to`, writes `bytes` (then closes its writing end if asked), and reads until the node ends the stream. */
export async function exchange (from: TechoNode, to: TechoNode, bytes: Uint8Array[], options: { closeWrite?: boolean, timeoutMs?: number } = {}): Promise<Outcome> {
  const stream = await dialProtocol(from, to.getMultiaddrs(), SYNC_PROTOCOL)
  const chunks: Uint8Array[] = []
  const reading = (async (): Promise<'reset' | 'closed'> => {
    try {
      for await (const chunk of stream) chunks.push(chunk.subarray())
      return 'closed'
    } catch {
      return stream.status === 'reset' || stream.status === 'aborted' ? 'reset' : 'closed'
    }
  })()
  for (const chunk of bytes) {
    if (!stream.send(chunk)) await stream.onDrain()
  }
  if (options.closeWrite === true) await stream.close().catch(() => {})
  const timeout = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('the node neither answered nor ended the stream')), options.timeoutMs ?? 5000).unref())
  const ending = await Promise.race([reading, timeout])
  return { received: new Uint8Array(Buffer.concat(chunks)), ending }
}

/** A frame with its varint length prefix, as it goes on the wire. */
export function framed (frame: Frame | Uint8Array): Uint8Array {
  const body = frame instanceof Uint8Array ? frame : encodeFrame(frame)
  return new Uint8Array(Buffer.concat([varint(body.length), body]))
}

/** Splits wire bytes back into frames (throws on a partial frame). */
export function unframe (bytes: Uint8Array): Frame[] {
  const frames: Frame[] = []
  let at = 0
  while (at < bytes.length) {
    let length = 0
    let shift = 0
    let byte: number
    do {
      byte = bytes[at++] as number
      length += (byte & 0x7f) * 2 ** shift
      shift += 7
    } while (byte >= 0x80)
    if (at + length > bytes.length) throw new Error('partial frame')
    frames.push(decodeFrame(bytes.subarray(at, at + length)))
    at += length
  }
  return frames
}

/** The unsigned varint of `n`. */
export function varint (n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
  return Uint8Array.from(out)
}
