// What every API checks before it reads a body. A web page the user opens elsewhere can make the
// browser send requests to 127.0.0.1: a rebinding DNS name still sends its own Host, and a
// cross-site request carries its Origin, so a local server checks both against its own address. A
// public server answers any name, but a browser's request must come from a page of that same name.
// Browsers send form-encoded and multipart bodies across sites without asking first: refused too.
import type { IncomingMessage } from 'node:http'
import { HttpError } from './http-error.js'

/** Throws 403 unless the request is addressed to this server by its loopback address. */
export function checkHost (req: IncomingMessage, host: string): void {
  const port = req.socket.localPort
  const given = req.headers.host
  if (given !== `${host}:${port}` && given !== `localhost:${port}`) {
    throw new HttpError(403, 'ERR_BAD_HOST', `This server answers only requests addressed to ${host}:${port}.`)
  }
}

/** Throws 403 when a browser sent the request from a page of another origin than this loopback server (no Origin: not a browser's cross-site request). */
export function checkOrigin (req: IncomingMessage, host: string): void {
  const origin = req.headers.origin
  if (origin === undefined) return
  const port = req.socket.localPort
  if (origin !== `http://${host}:${port}` && origin !== `http://localhost:${port}`) {
    throw new HttpError(403, 'ERR_BAD_ORIGIN', `Requests from pages of ${origin} are refused; only this server's own page may call it.`)
  }
}

/** Throws 403 when a browser sent the request from a page of another origin than the one it addressed (`<scheme>://<Host>`). */
export function checkSameOrigin (req: IncomingMessage, scheme: 'http' | 'https'): void {
  const origin = req.headers.origin
  if (origin === undefined) return
  const own = `${scheme}://${req.headers.host ?? ''}`
  if (origin.toLowerCase() !== own.toLowerCase()) {
    throw new HttpError(403, 'ERR_BAD_ORIGIN', `Requests from pages of ${origin} are refused; only this server's own pages may call it.`)
  }
}

/** Throws 415 unless the body's Content-Type is one of `accepted` (media types, lower case). */
export function checkContentType (req: IncomingMessage, accepted: readonly string[]): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!accepted.includes(type)) {
    throw new HttpError(415, 'ERR_BAD_CONTENT_TYPE', `The request body must be sent as ${accepted.join(' or ')}, not ${type === '' ? 'without a Content-Type' : type}.`)
  }
}

/** Reads the body as UTF-8 text, refusing (413) more than `maxBytes`. */
export async function readBody (req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = new HttpError(413, 'ERR_PAYLOAD_TOO_LARGE', `The request body is larger than this route accepts (${formatBytes(maxBytes)}).`)
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) throw tooLarge
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function formatBytes (n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${Math.ceil(n / 1024)} KiB`
}
