// NotebookAccess over a LocalSession: this process owns the database for the command's duration.
import { exportFhirBundle, importFhirBundle, type Entry } from '@techo/notebook'
import { type EntryInputs, type EntryKind, type NotebookAccess } from './access.js'
import { describeEntry } from './describe.js'
import { type LocalSession } from './session.js'

/** Serves a NotebookAccess from an open session; every write is one atomic commit with its audit event. */
export function localAccess (s: LocalSession): NotebookAccess {
  const write = async (make: () => Entry): Promise<Entry> => {
    const entry = make()
    await s.commit([s.event('write', `added ${describeEntry(entry)}`)])
    return entry
  }
  const adders: { [K in EntryKind]: (input: EntryInputs[K]) => Entry } = {
    allergy: input => s.notebook.addAllergy(input),
    medication: input => s.notebook.addMedication(input),
    condition: input => s.notebook.addCondition(input),
    note: input => s.notebook.addNote(input)
  }
  return {
    whoami: async () => ({ party: s.self.party, role: s.self.role, peerId: s.self.peerId, notebook: s.notebook.id }),
    addVital: async input => await write(() => s.notebook.addVital(input)),
    addEntry: async (kind, input) => await write(() => adders[kind](input)),
    query: async q => s.notebook.query(q),
    exportFhir: async () => exportFhirBundle(s.notebook),
    importFhir: async bundle => {
      const report = importFhirBundle(s.notebook, bundle)
      const added = Object.values(report.added).reduce((a, b) => a + b, 0)
      await s.commit([s.event('import', `imported a FHIR bundle: ${added} entries added, ${report.existing} already present`)])
      return report
    },
    audit: async q => await s.vault.audit.list(q),
    close: async () => await s.close()
  }
}
