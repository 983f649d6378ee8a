// NotebookAccess over a LocalSession: this process owns the database for the command's duration.
import { exportFhirBundle, importFhirBundle, type Entry } from '@techo/notebook'
import { type EntryInputs, type EntryKind, type NotebookAccess } from './access.js'
import { describeEntry } from './describe.js'
import { type LocalSession } from './session.js'

/** Serves a NotebookAccess from an open session; every write is one atomic commit with its audit event. */
export function localAccess (s: LocalSession): NotebookAccess {
  const nb = s.ownNotebook()
  const write = async (make: () => Entry): Promise<Entry> => {
    const entry = make()
    await s.commit([s.event('write', `added ${describeEntry(entry)}`)])
    return entry
  }
  const adders: { [K in EntryKind]: (input: EntryInputs[K]) => Entry } = {
    allergy: input => nb.addAllergy(input),
    medication: input => nb.addMedication(input),
    condition: input => nb.addCondition(input),
    note: input => nb.addNote(input)
  }
  return {
    whoami: async () => ({ party: s.self.party, role: s.self.role, peerId: s.self.peerId, notebook: nb.id }),
    addVital: async input => await write(() => nb.addVital(input)),
    addEntry: async (kind, input) => await write(() => adders[kind](input)),
    query: async q => nb.query(q),
    exportFhir: async () => exportFhirBundle(nb),
    importFhir: async bundle => {
      const report = importFhirBundle(nb, bundle)
      const added = Object.values(report.added).reduce((a, b) => a + b, 0)
      await s.commit([s.event('import', `imported a FHIR bundle: ${added} entries added, ${report.existing} already present`)])
      return report
    },
    audit: async q => await s.vault.audit.list(q),
    close: async () => await s.close()
  }
}
