// An entry's earlier versions. Each amend by a newer version of an imported resource lists the
// document heads at which the version it replaced was current (EntrySource.history); Automerge keeps
// every version, so each can be read back whole.
import * as A from '@automerge/automerge'
import { locate } from './buckets.js'
import { readEntry } from './entry-json.js'
import type { Notebook } from './notebook.js'
import type { Entry } from './types.js'

/** Returns the earlier versions of entry `id` that its history lists, oldest first (none for entries never replaced by a newer version). */
export function entryHistory (nb: Notebook, id: string): Entry[] {
  const history = nb.get(id)?.source?.history ?? []
  return history.flatMap(version => {
    const slot = locate(A.view(nb.doc, version.heads), id)
    const body = slot === undefined ? undefined : readEntry(id, slot.stored)
    return body === undefined ? [] : [{ id, ...body }]
  })
}
