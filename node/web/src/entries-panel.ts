// The entries table (everything in the chosen time range, newest first) and the lists of
// allergies, medications and conditions (all of them, whenever recorded).
import type { AllergyEntry, ConditionEntry, Entry, MedicationEntry } from '@techo/notebook'
import type { Api, VitalKinds, WhoAmI } from './api.js'
import { byId, h } from './dom.js'
import { entryValue, entryWhat, formatWhen, short } from './format.js'

const MAX_ROWS = 500

export class EntriesPanel {
  readonly #api: Api
  readonly #kinds: VitalKinds
  readonly #who: WhoAmI
  readonly #rows = byId<HTMLTableElement>('entries').tBodies[0] as HTMLTableSectionElement
  readonly #summary = byId('entries-summary')

  constructor (api: Api, kinds: VitalKinds, who: WhoAmI) {
    this.#api = api
    this.#kinds = kinds
    this.#who = who
  }

  /** Fetches and shows the entries since `since` (all when undefined), marking the one just added. */
  async refresh (since: string | undefined, rangeText: string, added?: string): Promise<void> {
    const [entries, allergies, medications, conditions] = await Promise.all([
      this.#api.query(since === undefined ? {} : { since }),
      this.#api.query({ type: 'allergy' }),
      this.#api.query({ type: 'medication' }),
      this.#api.query({ type: 'condition' })
    ])
    const newest = entries.reverse().slice(0, MAX_ROWS)
    this.#summary.textContent = entries.length > MAX_ROWS
      ? `The latest ${MAX_ROWS} of ${entries.length} entries from ${rangeText}`
      : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} from ${rangeText}`
    this.#rows.replaceChildren(...(newest.length === 0
      ? [h('tr', {}, h('td', { class: 'empty', colspan: 4 }, 'Nothing recorded in this period.'))]
      : newest.map(e => this.#row(e, e.id === added))))
    list('allergies', allergies as AllergyEntry[], a => [a.code.text, a.criticality === 'high' ? 'high criticality' : undefined,
      [a.reaction, a.category, a.status].filter(Boolean).join(' · ')])
    list('medications', medications as MedicationEntry[], m => [m.medication.text, undefined, [m.dosage, m.status].filter(Boolean).join(' · ')])
    list('conditions', conditions as ConditionEntry[], c => [c.code.text, undefined, `${c.status} · since ${formatWhen(c.at)}`])
  }

  #row (e: Entry, added: boolean): HTMLTableRowElement {
    const by = e.author.party === this.#who.party ? 'You' : `Clinic ${short(e.author.party)}`
    return h('tr', { class: added ? 'new' : undefined, 'data-id': e.id },
      h('td', { class: 'when' }, formatWhen(e.at)),
      h('td', {}, e.type === 'vital' ? entryWhat(e, this.#kinds) : h('span', { class: 'kind' }, entryWhat(e, this.#kinds))),
      h('td', { class: 'num' }, entryValue(e, this.#kinds)),
      h('td', {}, by))
  }
}

// One list: each item's name, an optional warning badge, and a line of details.
function list<E extends Entry> (id: string, entries: E[], parts: (e: E) => [string, string | undefined, string]): void {
  const ul = byId(id)
  if (entries.length === 0) {
    ul.replaceChildren(h('li', { class: 'none' }, 'None recorded.'))
    return
  }
  ul.replaceChildren(...entries.map(e => {
    const [name, badge, meta] = parts(e)
    return h('li', {}, h('span', { class: 'name' }, name), badge === undefined ? null : h('span', { class: 'badge' }, badge), h('span', { class: 'meta' }, meta))
  }))
}
