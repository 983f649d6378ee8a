// NotebookAccess over one open Notebook: the patient's own, or a clinic's replica of a patient's.
// The notebook validates every edit; the host decides who may write and stores each write in one
// atomic commit with its audit event.
import { VITALS, exportFhirBundle, exportIps, importFhirBundle, parseVital, type Entry, type Notebook } from '@techo/notebook'
import { type AuditEvent } from '@techo/vault'
import { describeEntry } from '../cli/describe.js'
import { checkAnchors } from './anchor-check.js'
import { clinicNames } from './clinic-profile.js'
import { type LocalSession } from '../session/session.js'
import { type EntryInputs, type EntryKind, type NotebookAccess, type WhoAmI } from './notebook-access.js'

/** What a NotebookAccess needs from the node that holds the notebook. */
export interface NotebookHost {
  whoami: WhoAmI
  /** Throws, before anything is written, unless this node may write to the notebook now. */
  mayWrite: () => Promise<void>
  /** Durably stores the notebook's new changes with `events`, in one atomic write. */
  commit: (events: AuditEvent[]) => Promise<void>
  /** An audit event about this notebook, stamped now and attributed to this device. */
  event: (kind: string, detail: string) => AuditEvent
  audit: NotebookAccess['audit']
  names: NotebookAccess['names']
  close: () => Promise<void>
}

/** Serves a NotebookAccess over `nb`; every write is checked by the host, then committed once with its audit event. */
export function notebookAccess (nb: Notebook, host: NotebookHost): NotebookAccess {
  const write = async (make: () => Entry): Promise<Entry> => {
    await host.mayWrite()
    const entry = make()
    await host.commit([host.event('write', `added ${describeEntry(entry, VITALS)}`)])
    return entry
  }
  const adders: { [K in EntryKind]: (input: EntryInputs[K]) => Entry } = {
    allergy: input => nb.addAllergy(input),
    medication: input => nb.addMedication(input),
    condition: input => nb.addCondition(input),
    note: input => nb.addNote(input),
    prescription: input => nb.addPrescription(input)
  }
  return {
    whoami: async () => host.whoami,
    vitalKinds: async () => VITALS,
    addVital: async input => {
      const reading = 'text' in input ? parseVital(input.kind, input.text, input.at) : input
      return await write(() => nb.addVital(reading))
    },
    addEntry: async (kind, input) => await write(() => adders[kind](input)),
    query: async q => nb.query(q).map(shown),
    exportFhir: async () => exportFhirBundle(nb),
    exportIps: async () => exportIps(nb),
    checkAnchors: async anchors => checkAnchors(nb, anchors),
    importFhir: async (bundle, options = {}, onProgress) => {
      await host.mayWrite()
      const report = await importFhirBundle(nb, bundle, { ...options, ...(onProgress === undefined ? {} : { onProgress }) })
      const added = Object.values(report.added).reduce((a, b) => a + b, 0)
      const detail = `imported a FHIR bundle: ${added} entries added, ${report.amended} amended, ${report.retired} retired, ${report.existing} already present, ${report.problems.length} not readable`
      await host.commit([host.event('import', detail)])
      return report
    },
    audit: host.audit,
    names: host.names,
    close: host.close
  }
}

// An entry as commands and pages show it: an imported entry's original resource stays out (export gives it
// back), so listing a hospital's records costs what the notebook's view of them costs, not their whole FHIR.
function shown (e: Entry): Entry {
  if (e.source === undefined) return e
  const { resource: _resource, related: _related, deflated: _deflated, ...source } = e.source
  return { ...e, source }
}

/** Serves a NotebookAccess to the patient's own notebook from an open session; closing it closes the session unless `close` says otherwise. */
export function localAccess (s: LocalSession, close: () => Promise<void> = async () => await s.close()): NotebookAccess {
  const nb = s.ownNotebook()
  return notebookAccess(nb, {
    whoami: { party: s.self.party, role: s.self.role, peerId: s.self.peerId, notebook: nb.id },
    mayWrite: async () => {},
    commit: async events => await s.commit(events),
    event: (kind, detail) => s.event(kind, detail),
    audit: async q => await s.vault.audit.list(q),
    names: async () => await clinicNames(s.vault),
    close
  })
}
