// The audit log: who read, wrote, synced, was refused, granted, revoked or
// shredded what, and when. Keys sort by event time so listing is a range scan;
// values are sealed with the at-rest key, because the events name parties and
// notebooks.
import { seal, unseal } from './crypto.js'
import { badInput, damaged } from './errors.js'
import type { Keyring } from './keyring.js'
import { AUDIT, auditKey, auditTimePrefix, checkId } from './names.js'
import type { Op, Store } from './store.js'

/** One audit event. `kind` is a short lowercase word: read, write, sync, refused, grant, revoke, shred, ... */
export interface AuditEvent {
  at: string
  kind: string
  peer?: string
  party?: string
  notebook?: string
  detail: string
}

/** Which events audit.list() returns: from `since` (inclusive), of one notebook, at most `limit`, newest first if `reverse`. */
export interface AuditQuery {
  since?: string
  notebook?: string
  limit?: number
  reverse?: boolean
}

const KIND = /^[a-z][a-z0-9-]{0,31}$/
const MAX_DETAIL = 4096
const utf8 = new TextEncoder()
const text = new TextDecoder()

/** Milliseconds since the epoch of an ISO 8601 time; throws ERR_BAD_INPUT if it is not one. */
function timeOf (what: string, iso: unknown): number {
  const ms = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : NaN
  if (!Number.isFinite(ms) || ms < 0) throw badInput(`The ${what} ${JSON.stringify(iso)} is not an ISO 8601 time after 1970 (for example 2025-03-01T09:30:00Z).`)
  return ms
}

/** Checks an event and keeps only the fields an AuditEvent has. */
function normalise (event: AuditEvent): AuditEvent {
  if (typeof event !== 'object' || event === null) throw badInput('An audit event must be an object.')
  timeOf('audit event time', event.at)
  if (typeof event.kind !== 'string' || !KIND.test(event.kind)) throw badInput(`The audit event kind ${JSON.stringify(event.kind)} is not valid: use a short lowercase word such as read, write or revoke.`)
  if (typeof event.detail !== 'string' || event.detail.length > MAX_DETAIL) throw badInput(`The audit event detail must be text of at most ${MAX_DETAIL} characters.`)
  const out: AuditEvent = { at: event.at, kind: event.kind, detail: event.detail }
  if (event.peer !== undefined) out.peer = checkId('audit event peer', event.peer)
  if (event.party !== undefined) out.party = checkId('audit event party', event.party)
  if (event.notebook !== undefined) out.notebook = checkId('audit event notebook', event.notebook)
  return out
}

export class AuditLog {
  readonly #store: Store
  readonly #keyring: Keyring
  readonly #run: number
  #seq = 0

  constructor (store: Store, keyring: Keyring, run: number) {
    this.#store = store
    this.#keyring = keyring
    this.#run = run
  }

  /** The batch operations that append `events`, so they can commit atomically with other writes; checks every event first. */
  prepare (events: AuditEvent[]): Op[] {
    const key = this.#keyring.get()
    return events.map(normalise).map(event => {
      const name = auditKey(Date.parse(event.at), this.#run, this.#seq++)
      return { type: 'put', key: name, value: seal(key, name, utf8.encode(JSON.stringify(event))) }
    })
  }

  /** Appends one event durably; throws ERR_BAD_INPUT for a malformed event. */
  async append (event: AuditEvent): Promise<void> {
    await this.#store.write(this.prepare([event]))
  }

  /** Events in time order (append order within the same millisecond), filtered by `query`. */
  async list (query: AuditQuery = {}): Promise<AuditEvent[]> {
    const key = this.#keyring.get()
    const limit = query.limit ?? Infinity
    if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1)) throw badInput(`The audit limit ${query.limit} is not a positive whole number.`)
    const notebook = query.notebook === undefined ? undefined : checkId('notebook id', query.notebook)
    const gte = query.since === undefined ? undefined : auditTimePrefix(timeOf('audit start time', query.since))
    const out: AuditEvent[] = []
    for await (const [name, record] of this.#store.scan(AUDIT, {
      ...(gte === undefined ? {} : { gte }),
      reverse: query.reverse ?? false,
      // Without a notebook filter every record counts, so level can stop early itself.
      ...(notebook === undefined && limit !== Infinity ? { limit } : {})
    })) {
      const event = parse(name, unseal(key, name, record))
      if (notebook !== undefined && event.notebook !== notebook) continue
      out.push(event)
      if (out.length >= limit) break
    }
    return out
  }
}

function parse (name: string, plain: Uint8Array): AuditEvent {
  try {
    return normalise(JSON.parse(text.decode(plain)) as AuditEvent)
  } catch (cause) {
    throw damaged(name, 'it does not hold an audit event', cause)
  }
}
