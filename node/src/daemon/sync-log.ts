// What the daemon tells the person running it about sync, one sentence per event: sessions opened
// and closed, changes received, refusals, rejected changes, replicas destroyed, anchors.
import { type AccessLevel, type SyncService } from '@techo/sync'
import createDebug from 'debug'

const log = createDebug('techo:daemon')

const WHO: Record<AccessLevel, string> = {
  owner: 'the patient\'s device',
  'own-party': 'a device of this clinic',
  write: 'a clinic device with write access',
  read: 'a clinic device with read access'
}

/** Says what `service` does through `say`, from now until it stops; while this device is not `approved`, failures are said once, as what they are. */
export function narrate (service: SyncService, say: (line: string) => void, approved: () => boolean): void {
  let toldRefused = false
  service.on('session', s => { say(`Syncing notebook ${short(s.notebook)} with ${WHO[s.access as AccessLevel] ?? s.access} ${short(s.peer)}.`) })
  service.on('session-end', (s, end) => { say(`Stopped syncing notebook ${short(s.notebook)} with device ${short(s.peer)}: ${end.reason}.`) })
  service.on('change', c => { say(`Received changes to notebook ${short(c.notebook)} from device ${short(c.peer)}.`) })
  service.on('refused', r => {
    say(r.by === 'us'
      ? `Refused device ${short(r.peer)} for notebook ${short(r.notebook)}: ${r.reason}.`
      : `Device ${short(r.peer)} did not sync notebook ${short(r.notebook)}: ${r.reason}`)
  })
  service.on('rejected', r => { say(`Rejected changes to notebook ${short(r.notebook)} from device ${short(r.peer)}: ${r.reason}.`) })
  service.on('shredded', s => { say(`Destroyed this node's copy of notebook ${short(s.notebook)} (crypto-shredded): ${s.reason}.`) })
  service.on('anchored', a => { say(`Anchored the digest of notebook ${short(a.notebook)} on chain (sequence ${a.seq}).`) })
  service.on('error', err => {
    log('sync: %O', err)
    if (approved()) {
      toldRefused = false
      say(`Sync problem: ${err.message}`)
    } else if (!toldRefused) {
      toldRefused = true
      say('Peers refuse to sync with this device until the consent chain approves it (see above).')
    }
  })
}

/** An id shortened for a log line: its start and end (PeerIds all start alike). */
export function short (id: string): string {
  return id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id
}
