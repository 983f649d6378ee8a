// How the shards of a run meet their lead: a small JSON-over-HTTP service the lead serves and every
// shard polls (never long-polls, so no proxy or client timeout can cut a wait short). A barrier
// completes once every shard has arrived with its data; the lead may attach its own answer (the
// start time, say) when it completes. Progress posts are answered with what the shard is to do next.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import createDebug from 'debug'
import { SimError } from './errors.js'

const log = createDebug('techo:sim:rendezvous')
const MAX_BODY_BYTES = 512 * 1024 * 1024

/** What the lead tells a shard about the run. */
export interface RunInfo {
  /** sha256 of the scenario as the lead read it: every shard must run the same one. */
  scenarioHash: string
  shards: number
  chain: { url: string, chainId: number, contract: string }
}

/** What the lead answers to a progress post. */
export type Command = 'run' | 'finish' | 'abort'

export interface LeadHandlers {
  /** Undefined until the chain is up and the contract deployed. */
  run: () => RunInfo | undefined
  /** Called once per barrier when the last shard arrives: returns the lead's answer. */
  barrierDone: (name: string, data: unknown[]) => Promise<unknown> | unknown
  progress: (shard: number, body: unknown) => Command
  result: (shard: number, body: unknown) => void
  failed: (shard: number, message: string) => void
}

interface Barrier { data: unknown[], arrived: Set<number>, answer?: { value: unknown } }

/** Serves the rendezvous on `host:port` (port 0 picks one); resolves once listening. */
export async function serveRendezvous (host: string, port: number, shards: number, handlers: LeadHandlers): Promise<{ url: string, close: () => Promise<void> }> {
  const barriers = new Map<string, Barrier>()
  const route = async (method: string, path: string, body: unknown): Promise<unknown> => {
    const [, what, name] = path.split('/')
    if (method === 'GET' && what === 'run') return handlers.run() ?? null
    const { shard, data } = (body ?? {}) as { shard?: unknown, data?: unknown }
    if (typeof shard !== 'number' || !Number.isInteger(shard) || shard < 0 || shard >= shards) {
      throw new SimError('ERR_BAD_SHARD', `A request to ${path} came from shard ${String(shard)}, but this run has shards 0 to ${shards - 1}.`)
    }
    if (method === 'POST' && what === 'barrier' && name !== undefined) return await arrive(name, shard, data)
    if (method === 'POST' && what === 'progress') return { command: handlers.progress(shard, data) }
    if (method === 'POST' && what === 'result') { handlers.result(shard, data); return { ok: true } }
    if (method === 'POST' && what === 'failed') { handlers.failed(shard, String(data)); return { ok: true } }
    return undefined
  }
  const arrive = async (name: string, shard: number, data: unknown): Promise<unknown> => {
    let barrier = barriers.get(name)
    if (barrier === undefined) barriers.set(name, barrier = { data: new Array(shards).fill(null), arrived: new Set() })
    if (!barrier.arrived.has(shard)) {
      barrier.arrived.add(shard)
      barrier.data[shard] = data
      if (barrier.arrived.size === shards) {
        log('barrier %s complete', name)
        barrier.answer = { value: await handlers.barrierDone(name, barrier.data) }
      }
    }
    return barrier.answer === undefined ? { done: false } : { done: true, answer: barrier.answer.value }
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const body = req.method === 'POST' ? JSON.parse(await readBody(req)) as unknown : undefined
        const answer = await route(req.method ?? 'GET', (req.url ?? '/').split('?')[0] as string, body)
        if (answer === undefined) {
          res.writeHead(404).end()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: (err as { code?: string }).code ?? 'ERR_BAD_SHARD', message: (err as Error).message }))
      }
    })()
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => { server.off('error', reject); resolve() })
  })
  const address = server.address()
  const bound = typeof address === 'object' && address !== null ? address.port : port
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    close: async () => await new Promise<void>(resolve => { server.close(() => resolve()); server.closeAllConnections() })
  }
}

async function readBody (req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new SimError('ERR_BAD_SHARD', 'A shard sent a body larger than 512 MiB.')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A shard's side of the rendezvous. */
export class LeadClient {
  readonly url: string
  readonly shard: number

  constructor (url: string, shard: number) {
    this.url = url.replace(/\/+$/, '')
    this.shard = shard
  }

  /** Waits (up to `timeoutMs`) until the lead has the chain ready, and returns the run. */
  async run (timeoutMs: number): Promise<RunInfo> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const info = await this.#call<RunInfo | null>('GET', '/run').catch(err => {
        // The lead may not be listening yet (a pod starting before the lead's).
        if (Date.now() > deadline) throw err
        return null
      })
      if (info !== null) return info
      if (Date.now() > deadline) throw new SimError('ERR_SHARD_FAILED', `The lead at ${this.url} did not start the run within ${Math.round(timeoutMs / 1000)} s.`)
      await sleep(500)
    }
  }

  /** Arrives at barrier `name` with `data`; resolves with the lead's answer once every shard has arrived. */
  async barrier<T> (name: string, data: unknown, pollMs = 250): Promise<T> {
    for (;;) {
      const state = await this.#call<{ done: boolean, answer?: T }>('POST', `/barrier/${name}`, { shard: this.shard, data })
      if (state.done) return state.answer as T
      await sleep(pollMs)
    }
  }

  /** Reports progress; resolves with what to do next. */
  async progress (data: unknown): Promise<Command> {
    return (await this.#call<{ command: Command }>('POST', '/progress', { shard: this.shard, data })).command
  }

  /** Delivers this shard's result. */
  async result (data: unknown): Promise<void> {
    await this.#call('POST', '/result', { shard: this.shard, data })
  }

  /** Tells the lead this shard failed, best effort. */
  async failed (message: string): Promise<void> {
    await this.#call('POST', '/failed', { shard: this.shard, data: message }).catch(() => {})
  }

  async #call<T> (method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetch(this.url + path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.timeout(120_000)
      })
    } catch (err) {
      throw new SimError('ERR_SHARD_FAILED', `The lead at ${this.url} did not answer ${path}: ${(err as Error).message}.`, { cause: err })
    }
    const text = await response.text()
    if (!response.ok) throw new SimError('ERR_SHARD_FAILED', `The lead refused ${path}: ${text}`)
    return JSON.parse(text) as T
  }
}
