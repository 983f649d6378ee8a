// Requests to a daemon's API on this machine with node:http. `fetch` would do, but loading it costs a
// one-shot command about 40 ms, a seventh of what a command served by a daemon may take.
import { request, type IncomingMessage } from 'node:http'
import { daemonClient, type DaemonClient, type DaemonEndpoint, type HttpSend } from './daemon-client.js'

/** A client of the daemon at `daemon` on this machine. */
export function localDaemon (daemon: DaemonEndpoint): DaemonClient {
  return daemonClient(daemon, localSend)
}

/** Sends one request over node:http; the answer's body is read as text or as chunks. */
const localSend: HttpSend = async (url, req) => {
  const res = await send(url, req.method, req.token, req.body)
  return {
    status: res.statusCode ?? 0,
    contentType: res.headers['content-type'] ?? '',
    text: async () => await readText(res),
    chunks: () => res
  }
}

/** GETs `url` with the token; resolves with the status and the parsed JSON (undefined if it is not JSON). */
export async function getJson (url: string, token: string, timeoutMs: number): Promise<{ status: number, json: unknown }> {
  const res = await send(url, 'GET', token, undefined, timeoutMs)
  const text = await readText(res)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.statusCode ?? 0, json }
}

async function send (url: string, method: 'GET' | 'POST', token: string, json: unknown, timeoutMs?: number): Promise<IncomingMessage> {
  const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json))
  return await new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': body.length }) },
      // Without a deadline, none at all: Node's global agent would otherwise give up on a socket
      // silent for 5 s, cutting a daemon that works longer than that before it answers (a big import).
      timeout: timeoutMs ?? 0
    }, resolve)
    outgoing.on('timeout', () => { outgoing.destroy(new Error(`no answer within ${timeoutMs ?? 0} ms`)) })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

async function readText (res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
