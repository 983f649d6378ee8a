// A sync stream seen as frames: length-prefixed (lpStream), size-limited before
// a frame's bytes are buffered, each read bounded in time, bytes counted both
// ways so callers can report (and tests can prove) what crossed the wire.
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { SyncError } from './errors.js'
import { decodeFrame, encodeFrame, type Frame } from './frames.js'

export class Channel {
  readonly stream: Stream
  readonly #lp: LengthPrefixedStream<Stream>
  readonly #maxFrameBytes: number
  #bytesIn = 0
  #bytesOut = 0

  constructor (stream: Stream, maxFrameBytes: number) {
    this.stream = stream
    this.#maxFrameBytes = maxFrameBytes
    // lpStream buffers a whole frame before handing it over, so its buffer must hold the largest one.
    this.#lp = lpStream(stream, { maxDataLength: maxFrameBytes, maxBufferSize: maxFrameBytes + 16 })
  }

  /** Bytes received on this stream so far, length prefixes included. */
  get bytesIn (): number { return this.#bytesIn }
  /** Bytes sent on this stream so far, length prefixes included. */
  get bytesOut (): number { return this.#bytesOut }

  /** Reads the next frame, waiting at most `timeoutMs`; every failure is a SyncError. */
  async read (timeoutMs: number): Promise<Frame> {
    const signal = AbortSignal.timeout(timeoutMs)
    let bytes: Uint8Array
    try {
      const list = await this.#lp.read({ signal })
      bytes = list.subarray()
    } catch (err) {
      throw this.#readError(err as Error, signal, timeoutMs)
    }
    this.#bytesIn += bytes.length + prefixLength(bytes.length)
    return decodeFrame(bytes)
  }

  /** Writes one frame, waiting for the stream to drain when its buffer is full. */
  async write (frame: Frame): Promise<void> {
    const bytes = encodeFrame(frame)
    if (bytes.length > this.#maxFrameBytes) {
      throw new SyncError('ERR_FRAME_TOO_LARGE', `A ${bytes.length}-byte sync frame is over the ${this.#maxFrameBytes}-byte limit; raise maxFrameBytes on both nodes.`)
    }
    try {
      await this.#lp.write(bytes)
    } catch (err) {
      throw new SyncError('ERR_SESSION_CLOSED', `The sync stream closed while sending: ${(err as Error).message}`, { cause: err })
    }
    this.#bytesOut += bytes.length + prefixLength(bytes.length)
  }

  /** Closes the stream gracefully (pending writes are flushed); never throws. */
  async close (): Promise<void> {
    try {
      await this.stream.close({ signal: AbortSignal.timeout(2000) })
    } catch (err) {
      this.stream.abort(err as Error)
    }
  }

  /** Resets the stream at once; unsent and unread data is dropped. */
  reset (reason: Error): void {
    this.stream.abort(reason)
  }

  #readError (err: Error, signal: AbortSignal, timeoutMs: number): SyncError {
    if (signal.aborted) return new SyncError('ERR_TIMEOUT', `The peer sent nothing for ${Math.round(timeoutMs / 1000)} s.`, { cause: err })
    switch (err.name) {
      case 'InvalidDataLengthError':
        return new SyncError('ERR_FRAME_TOO_LARGE', `The peer announced a sync frame over the ${this.#maxFrameBytes}-byte limit.`, { cause: err })
      case 'InvalidMessageLengthError':
      case 'InvalidDataLengthLengthError':
        return new SyncError('ERR_BAD_FRAME', 'The peer sent a sync frame with a malformed length prefix.', { cause: err })
      case 'UnexpectedEOFError':
        return new SyncError('ERR_SESSION_CLOSED', 'The peer closed the sync stream without saying goodbye (possibly in the middle of a frame).', { cause: err })
      default:
        return new SyncError('ERR_SESSION_CLOSED', `The sync stream failed: ${err.message}`, { cause: err })
    }
  }
}

/** Bytes of the unsigned varint that prefixes a frame of `n` bytes. */
function prefixLength (n: number): number {
  let len = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    len++
  }
  return len
}
