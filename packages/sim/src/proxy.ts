// An emulated link: a TCP forwarder between a device and its relay that delays every chunk by the
// link's latency (± jitter, order kept, as TCP keeps it) and "loses" a share of them, which over
// TCP means the chunk and everything behind it arrive one retransmission timeout late. While the
// link is down it refuses connections and drops the ones it carries. Noise runs end to end through
// it, so the relay's PeerId is still authenticated.
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { Random } from './random.js'
import type { LinkProfile } from './scenario.js'

// Linux's minimum retransmission timeout; a lost segment waits at least this long (plus a round trip).
const MIN_RTO_MS = 200
const HIGH_WATER = 1 << 20
const LOW_WATER = 1 << 18

export class LinkProxy {
  readonly #target: { host: string, port: number }
  readonly #profile: LinkProfile
  readonly #random: Random
  readonly #isUp: () => boolean
  readonly #sockets = new Set<Socket>()
  #server: Server | undefined
  /** Bytes carried, both directions. */
  bytes = 0

  constructor (target: { host: string, port: number }, profile: LinkProfile, random: Random, isUp: () => boolean) {
    this.#target = target
    this.#profile = profile
    this.#random = random
    this.#isUp = isUp
  }

  /** Listens on `host` and `port` (0, the default, picks a free one); resolves to the port. */
  async start (host: string, port = 0): Promise<number> {
    const server = this.#server = createServer(socket => this.#accept(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => { server.off('error', reject); resolve() })
    })
    const address = server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  /** Drops every connection it carries (the link just went down). */
  drop (): void {
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
  }

  async close (): Promise<void> {
    this.drop()
    await new Promise<void>(resolve => this.#server?.close(() => resolve()) ?? resolve())
  }

  #accept (inbound: Socket): void {
    if (!this.#isUp()) {
      inbound.destroy()
      return
    }
    const outbound = connect(this.#target.port, this.#target.host)
    for (const socket of [inbound, outbound]) {
      socket.setNoDelay(true)
      this.#sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        this.#sockets.delete(socket)
        inbound.destroy()
        outbound.destroy()
      })
    }
    this.#pipe(inbound, outbound)
    this.#pipe(outbound, inbound)
  }

  #pipe (from: Socket, to: Socket): void {
    const { latencyMs, jitterMs, loss } = this.#profile
    const queue: Array<{ due: number, chunk: Buffer }> = []
    let queued = 0
    let lastDue = 0
    let ended = false
    let timer: NodeJS.Timeout | undefined
    const flush = (): void => {
      timer = undefined
      const now = performance.now()
      while (queue.length > 0 && (queue[0]?.due ?? 0) <= now + 0.5) {
        const { chunk } = queue.shift() as { chunk: Buffer }
        queued -= chunk.length
        this.bytes += chunk.length
        to.write(chunk)
      }
      if (queued < LOW_WATER && from.isPaused()) from.resume()
      if (queue.length > 0) timer = setTimeout(flush, Math.max(0, (queue[0]?.due ?? now) - performance.now()))
      else if (ended) to.end()
    }
    from.on('data', (chunk: Buffer) => {
      let delay = latencyMs + (jitterMs > 0 ? this.#random.between(-jitterMs, jitterMs) : 0)
      if (loss > 0 && this.#random.next() < loss) delay += MIN_RTO_MS + 2 * latencyMs
      const due = Math.max(lastDue, performance.now() + delay)
      lastDue = due
      queue.push({ due, chunk })
      queued += chunk.length
      if (queued > HIGH_WATER) from.pause()
      timer ??= setTimeout(flush, Math.max(0, due - performance.now()))
    })
    from.on('end', () => {
      ended = true
      if (queue.length === 0) to.end()
    })
  }
}
