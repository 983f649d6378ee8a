// The frames of /techo/sync/1.0.0. Each length-prefixed frame starts with one
// type byte; control frames carry a small JSON object; a sync frame carries the
// authorship proofs of the changes it brings (a 4-byte length, then their JSON)
// and one Automerge sync message as it is. The initiator's first frame is a
// hello; the responder answers accept or refuse before any notebook byte moves.
// A bye that says `rejected` tells the sender its changes were refused.
import { SyncError } from './errors.js'
import { parseProofs, type ChangeProof } from './proofs.js'

/** The protocol version a hello carries; a responder refuses any other. Version 2 carries authorship proofs. */
export const PROTOCOL_VERSION = 2

/** Why a responder refused a session, as a stable word the initiator can branch on. */
export type RefusalCode = 'not-authorised' | 'unknown-notebook' | 'duplicate' | 'bad-hello' | 'version' | 'stopping'

export type Frame =
  | { type: 'hello', v: number, notebook: string }
  | { type: 'accept', v: number }
  | { type: 'refuse', code: RefusalCode, reason: string }
  | { type: 'sync', message: Uint8Array, proofs: ChangeProof[] }
  | { type: 'ping' }
  | { type: 'bye', reason: string, rejected?: boolean }

const TAG = { hello: 1, accept: 2, refuse: 3, sync: 4, ping: 5, bye: 6 } as const
const TYPE_OF = new Map<number, Frame['type']>(Object.entries(TAG).map(([type, tag]) => [tag, type as Frame['type']]))
const REFUSALS: readonly RefusalCode[] = ['not-authorised', 'unknown-notebook', 'duplicate', 'bad-hello', 'version', 'stopping']
// Control frames are tiny; a big one is a peer trying to make us parse junk.
const MAX_CONTROL_BYTES = 4096
const MAX_REASON_CHARS = 500

const utf8 = new TextEncoder()
const text = new TextDecoder('utf-8', { fatal: true })

/** Returns the bytes of one frame (without the length prefix). */
export function encodeFrame (frame: Frame): Uint8Array {
  if (frame.type === 'sync') {
    const proofs = utf8.encode(JSON.stringify(frame.proofs))
    const body = new Uint8Array(4 + proofs.length + frame.message.length)
    new DataView(body.buffer).setUint32(0, proofs.length)
    body.set(proofs, 4)
    body.set(frame.message, 4 + proofs.length)
    return withTag(TAG.sync, body)
  }
  if (frame.type === 'ping') return Uint8Array.of(TAG.ping)
  const { type, ...body } = frame
  return withTag(TAG[type], utf8.encode(JSON.stringify(body)))
}

/** Parses one frame; throws ERR_BAD_FRAME naming what is wrong with it. */
export function decodeFrame (bytes: Uint8Array): Frame {
  const type = bytes.length > 0 ? TYPE_OF.get(bytes[0] as number) : undefined
  if (type === undefined) throw bad(bytes.length === 0 ? 'it is empty' : `its type byte ${bytes[0]} is unknown`)
  const body = bytes.subarray(1)
  if (type === 'sync') {
    if (body.length < 4) throw bad('its sync body is shorter than its length field')
    const proofBytes = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0)
    if (4 + proofBytes >= body.length) throw bad(`its proofs claim ${proofBytes} bytes and leave no sync message`)
    let proofs: ChangeProof[]
    try {
      proofs = parseProofs(text.decode(body.subarray(4, 4 + proofBytes)))
    } catch (err) {
      throw err instanceof SyncError ? err : bad('its proofs are not UTF-8 text')
    }
    return { type, message: body.subarray(4 + proofBytes), proofs }
  }
  if (type === 'ping') {
    if (body.length > 0) throw bad('a ping carries no body')
    return { type }
  }
  const fields = parseControl(type, body)
  switch (type) {
    case 'hello':
      return { type, v: count(fields.v, 'hello', 'v'), notebook: str(fields.notebook, 'hello', 'notebook', 128) }
    case 'accept':
      return { type, v: count(fields.v, 'accept', 'v') }
    case 'refuse': {
      const code = str(fields.code, 'refuse', 'code', 32) as RefusalCode
      if (!REFUSALS.includes(code)) throw bad(`its refusal code "${code}" is unknown`)
      return { type, code, reason: str(fields.reason, 'refuse', 'reason', MAX_REASON_CHARS) }
    }
    case 'bye':
      return { type, reason: str(fields.reason, 'bye', 'reason', MAX_REASON_CHARS), ...(fields.rejected === true ? { rejected: true } : {}) }
  }
}

function parseControl (type: Frame['type'], body: Uint8Array): Record<string, unknown> {
  if (body.length > MAX_CONTROL_BYTES) throw bad(`its ${type} body is ${body.length} bytes (at most ${MAX_CONTROL_BYTES})`)
  let value: unknown
  try {
    value = JSON.parse(text.decode(body))
  } catch {
    throw bad(`its ${type} body is not UTF-8 JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`its ${type} body is not a JSON object`)
  return value as Record<string, unknown>
}

function count (value: unknown, type: string, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw bad(`its ${type} field "${field}" is not a whole number`)
  return value as number
}

function str (value: unknown, type: string, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw bad(`its ${type} field "${field}" is not text of 1 to ${max} characters`)
  return value
}

function withTag (tag: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1)
  out[0] = tag
  out.set(body, 1)
  return out
}

function bad (what: string): SyncError {
  return new SyncError('ERR_BAD_FRAME', `The peer sent a sync frame that breaks the protocol: ${what}.`)
}
