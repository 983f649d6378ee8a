// An entry's earlier versions. Each amend by a newer version of an imported resource lists the
// document heads at which the version it replaced was current (EntrySource.history); Automerge keeps
// every version, so each can be read back whole.
import * as A from '@automerge/automerge'
import { locateAll } from './buckets.js'
import { readEntry } from './entry-json.js'
import type { Notebook } from './notebook.js'
import type { Entry } from './types.js'

/** Returns the earlier versions of entry `id` (written by `author`, default the patient's) that its history lists, oldest first. */
export function entryHistory (nb: Notebook, id: string, author = nb.patientId): Entry[] {
  const history = nb.get(id, author)?.source?.history ?? []
  return history.flatMap(version => {
    const body = locateAll(A.view(nb.doc, version.heads), id)
      .map(slot => readEntry(id, slot.stored))
      .find(found => found?.author.party === author)
    return body === undefined ? [] : [{ id, ...body }]
  })
}
