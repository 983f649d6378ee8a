// The audit events sync writes: who received (read) and who wrote what, when;
// refused sessions and rejected messages with the peer and the reason; shreds
// and anchors. Read receipts are tallied per session and written in batches, so
// a live session costs one audit write per few seconds, not one per message.
import type { AuditEvent } from '@techo/vault'
import type { Writes } from './write-rules.js'

interface Who { peer: string, party?: string, notebook: string }

/** An audit event now, with the peer, party and notebook it concerns. */
export function auditEvent (kind: string, who: Who, detail: string): AuditEvent {
  const event: AuditEvent = { at: new Date().toISOString(), kind, peer: who.peer, notebook: who.notebook, detail }
  if (who.party !== undefined) event.party = who.party
  return event
}

/** The 'write' event for changes received from a peer and applied: what each writer party added and amended. */
export function writeEvent (who: Who, chunks: number, writes: Map<string, Writes>): AuditEvent {
  const parts: string[] = []
  for (const [party, w] of writes) {
    if (w.added.length > 0) parts.push(`party ${party} added ${list(w.added)}`)
    if (w.amended.length > 0) parts.push(`party ${party} amended ${list(w.amended)}`)
  }
  const what = parts.length > 0 ? parts.join('; ') : `${chunks} change chunk${chunks === 1 ? '' : 's'}`
  return auditEvent('write', who, `device ${who.peer} brought changes to the notebook: ${what}`)
}

/** Counts what one session sent, until it is written out as a 'read' event. */
export class ReadTally {
  #chunks = 0
  #bytes = 0
  #since = new Date().toISOString()

  /** Adds one sent message. */
  add (chunks: number, bytes: number): void {
    if (chunks === 0) return
    if (this.#chunks === 0) this.#since = new Date().toISOString()
    this.#chunks += chunks
    this.#bytes += bytes
  }

  /** The 'read' event for everything counted since the last take, or undefined if nothing was sent; starts a new count. */
  take (who: Who): AuditEvent | undefined {
    if (this.#chunks === 0) return undefined
    const event = auditEvent('read', who, `device ${who.peer} received ${this.#chunks} change chunk${this.#chunks === 1 ? '' : 's'} (${this.#bytes} bytes) since ${this.#since}`)
    this.#chunks = 0
    this.#bytes = 0
    return event
  }
}

function list (ids: string[]): string {
  const shown = ids.slice(0, 20).join(', ')
  return ids.length > 20 ? `${shown} and ${ids.length - 20} more` : shown
}
