// A clinic node's notebooks: the replicas of the patients who granted it access. `--patient` (or
// `?patient=` on the API) picks one; without it a clinic node says which it holds. Writes go through
// the replica's Notebook, so sync carries them to the patient, and only under a write grant; a
// replica destroyed on revocation reads as exactly that.
import * as Automerge from '@automerge/automerge'
import { isPartyId, notebookIdFor } from '@techo/identity'
import { type ContractLocation } from '@techo/ledger'
import { Notebook, VITALS } from '@techo/notebook'
import { CliError, EXIT } from '../cli/exit.js'
import { type LocalSession } from '../session/session.js'
import { clinicNames } from './clinic-profile.js'
import { localAccess, notebookAccess } from './local-notebook.js'
import { type NotebookAccess } from './notebook-access.js'

/** Why a clinic node has no replica to read for a patient. */
export type Missing = 'no-grant' | 'not-received' | 'not-here' | 'revoked' | 'expired' | 'shredded'

/** What a clinic node holds of one patient's notebook. */
export type Replica = { held: Notebook } | { missing: Missing }

/** Where a clinic node finds its replicas and grants: the daemon's sync service, or the vault and the chain. */
export interface ReplicaSource {
  /** The replica of `patient`'s notebook, or why there is none. */
  find: (patient: string) => Promise<Replica>
  /** The patients whose notebooks this node holds, and whether each has arrived. */
  list: () => Promise<Array<{ patient: string, received: boolean }>>
  /** Throws unless this clinic holds an active write grant on the patient's notebook now. */
  mayWrite: (patient: string) => Promise<void>
}

/** The access `patient` picks on this node: a patient's own notebook, or a clinic's replica from `replicas`. */
export function nodeAccess (s: LocalSession, patient: string | undefined, replicas: () => ReplicaSource, close: () => Promise<void>): NotebookAccess {
  if (s.self.role === 'clinic') return clinicAccess(s, replicas(), patient, close)
  if (patient !== undefined && patient !== s.self.party) {
    throw new CliError('This is a patient node: it holds only its own notebook; --patient picks a patient\'s replica on a clinic node.', 'ERR_NOT_CLINIC', EXIT.badInput)
  }
  return localAccess(s, close)
}

/** NotebookAccess on a clinic node: to `patient`'s replica, or without one only whoami and the audit log. */
export function clinicAccess (s: LocalSession, source: ReplicaSource, patient: string | undefined, close: () => Promise<void>): NotebookAccess {
  const { party, peerId } = s.self
  if (patient === undefined) {
    const choose = async (): Promise<never> => { throw patientNeeded(await source.list()) }
    return {
      whoami: async () => ({ party, role: 'clinic', peerId }),
      vitalKinds: async () => VITALS,
      addVital: choose,
      addEntry: choose,
      query: choose,
      exportFhir: choose,
      exportIps: choose,
      checkAnchors: choose,
      importFhir: choose,
      audit: async q => await s.vault.audit.list(q),
      names: async () => await clinicNames(s.vault),
      close
    }
  }
  if (!isPartyId(patient)) throw new CliError(`--patient ${JSON.stringify(patient)} is not a patient id (a base58 key of 43 or 44 characters).`, 'ERR_BAD_PATIENT', EXIT.badInput)
  const id = notebookIdFor(patient)
  const whoami = { party, role: 'clinic' as const, peerId, notebook: id, patient }
  // The log outlives the replica: it still says who read and wrote, and when the copy was destroyed.
  const audit: NotebookAccess['audit'] = async q => await s.vault.audit.list({ ...q, notebook: id })
  // Found at each call: a replica can arrive, or be destroyed, while the access is held.
  const replica = async (): Promise<NotebookAccess> => {
    const found = await source.find(patient)
    if ('missing' in found) throw missingReplica(patient, found.missing)
    const nb = found.held
    return notebookAccess(nb, {
      whoami,
      mayWrite: async () => await source.mayWrite(patient),
      commit: async events => {
        try {
          await s.vault.notebooks.save(id, nb.doc, { audit: events })
        } catch (err) {
          // Revoked between the check and the write: the replica is gone, and so is this change.
          throw (err as { code?: unknown }).code === 'ERR_SHREDDED' ? missingReplica(patient, 'shredded') : err
        }
      },
      event: (kind, detail) => s.event(kind, detail, id),
      audit,
      names: async () => await clinicNames(s.vault),
      close
    })
  }
  return {
    whoami: async () => whoami,
    vitalKinds: async () => VITALS,
    addVital: async input => await (await replica()).addVital(input),
    addEntry: async (kind, input) => await (await replica()).addEntry(kind, input),
    query: async q => await (await replica()).query(q),
    exportFhir: async () => await (await replica()).exportFhir(),
    exportIps: async () => await (await replica()).exportIps(),
    checkAnchors: async anchors => await (await replica()).checkAnchors(anchors),
    importFhir: async (bundle, options, onProgress) => await (await replica()).importFhir(bundle, options, onProgress),
    audit,
    names: async () => await clinicNames(s.vault),
    close
  }
}

/** The replicas in this clinic node's vault, with grants read from the chain: for commands run while no daemon serves. */
export function vaultReplicas (s: LocalSession, chain: ContractLocation): ReplicaSource {
  const open = async (patient: string): Promise<Replica> => {
    let doc
    try {
      doc = await s.vault.notebooks.load(notebookIdFor(patient), { actor: s.self.actor })
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_SHREDDED') return { missing: 'shredded' }
      throw err
    }
    // A replica stored before its first sync holds no notebook yet.
    if (doc === undefined || Automerge.getHeads(doc).length === 0) return { missing: 'not-here' }
    return { held: Notebook.fromDoc(doc as never, { actor: s.self.actor, party: s.self.party }) }
  }
  return {
    find: open,
    list: async () => {
      const held: Array<{ patient: string, received: boolean }> = []
      for (const id of await s.vault.notebooks.list()) {
        const doc = await s.vault.notebooks.load(id, { actor: s.self.actor })
        if (doc !== undefined && Automerge.getHeads(doc).length > 0) held.push({ patient: Notebook.fromDoc(doc as never, { actor: s.self.actor, party: s.self.party }).patientId, received: true })
      }
      return held
    },
    mayWrite: async patient => {
      const { LedgerReader } = await import('@techo/ledger')
      checkWriteGrant(patient, await new LedgerReader(chain).grant(notebookIdFor(patient), s.self.party))
    }
  }
}

/** Throws the sentence that fits unless `grant` is an active write grant. */
export function checkWriteGrant (patient: string, grant: { scope: string, active: boolean, revoked: boolean } | undefined): void {
  if (grant === undefined) throw missingReplica(patient, 'no-grant')
  if (!grant.active) throw missingReplica(patient, grant.revoked ? 'revoked' : 'expired')
  if (grant.scope !== 'write') {
    throw new CliError(`Patient ${patient} granted this clinic read access only, so it cannot add to their notebook.`, 'ERR_READ_ONLY', EXIT.refused)
  }
}

/** The error for a patient whose notebook this clinic node cannot show, saying why in words. */
export function missingReplica (patient: string, why: Missing): CliError {
  const gone = 'this node destroyed its copy of their notebook, so there is nothing to show'
  switch (why) {
    case 'no-grant': return new CliError(`Patient ${patient} has not granted this clinic access, so this node holds no copy of their notebook.`, 'ERR_NO_GRANT', EXIT.refused)
    case 'not-received': return new CliError(`Patient ${patient} granted this clinic access, but their notebook has not reached this node yet; it arrives when the patient's device or the clinic relay is online (\`techo sync\` tries now).`, 'ERR_NOT_RECEIVED', EXIT.refused)
    case 'not-here': return new CliError(`This node holds no copy of patient ${patient}'s notebook: the patient has not granted this clinic access, or it has not arrived yet (\`techo serve\` syncs it).`, 'ERR_NOT_RECEIVED', EXIT.refused)
    case 'revoked': return new CliError(`Patient ${patient} revoked this clinic's access: ${gone}.`, 'ERR_ACCESS_REVOKED', EXIT.refused)
    case 'expired': return new CliError(`This clinic's access to patient ${patient}'s notebook expired: ${gone}.`, 'ERR_ACCESS_REVOKED', EXIT.refused)
    case 'shredded': return new CliError(`This clinic's access to patient ${patient}'s notebook was revoked or expired: ${gone}.`, 'ERR_ACCESS_REVOKED', EXIT.refused)
  }
}

const PATIENTS_NAMED = 10

function patientNeeded (held: Array<{ patient: string, received: boolean }>): CliError {
  if (held.length === 0) {
    return new CliError('This is a clinic node and it holds no patient\'s notebook yet; once a patient grants this clinic access, pass --patient <patient id>.', 'ERR_PATIENT_NEEDED', EXIT.usage)
  }
  // A hospital's relay holds thousands: the first few are named.
  const shown = held.slice(0, PATIENTS_NAMED).map(h => h.received ? h.patient : `${h.patient} (not received yet)`)
  const names = shown.join(', ') + (held.length > PATIENTS_NAMED ? ` and ${held.length - PATIENTS_NAMED} more (\`techo clinics\` lists them)` : '')
  const count = held.length === 1 ? 'one patient' : `${held.length} patients`
  return new CliError(`This clinic node holds the notebooks of ${count}: ${names}; pass --patient <patient id> to choose one.`, 'ERR_PATIENT_NEEDED', EXIT.usage)
}
