// The entries table (everything in the chosen time range, newest first) and the lists of
// allergies, medications and prescriptions, conditions, immunizations and visits (all of them,
// whenever recorded; a visit with what was recorded at it).
import type { AllergyEntry, ConditionEntry, EncounterEntry, Entry, ImmunizationEntry, MedicationEntry, PrescriptionEntry } from '@techo/notebook'
import type { Api, VitalKinds } from './api.js'
import { byId, h } from './dom.js'
import { entryValue, entryWhat, formatWhen, type Names } from './format.js'

/** Who wrote an entry, in the words of the page that shows it ("You", "Sakura Clinic"). */
export type Author = (party: string, names: Names) => string

const MAX_ROWS = 500

export class EntriesPanel {
  readonly #api: Api
  readonly #kinds: VitalKinds
  readonly #author: Author
  #names: Names = {}
  readonly #rows = byId<HTMLTableElement>('entries').tBodies[0] as HTMLTableSectionElement
  readonly #summary = byId('entries-summary')

  constructor (api: Api, kinds: VitalKinds, author: Author) {
    this.#api = api
    this.#kinds = kinds
    this.#author = author
  }

  /** Fetches and shows the entries since `since` (all when undefined), marking the one just added. */
  async refresh (since: string | undefined, rangeText: string, added?: string): Promise<void> {
    const [entries, allergies, medications, prescriptions, conditions, immunizations, visits, names] = await Promise.all([
      this.#api.query(since === undefined ? {} : { since }),
      this.#api.query({ type: 'allergy' }),
      this.#api.query({ type: 'medication' }),
      this.#api.query({ type: 'prescription' }),
      this.#api.query({ type: 'condition' }),
      this.#api.query({ type: 'immunization' }),
      this.#api.query({ type: 'encounter' }),
      this.#api.names()
    ])
    this.#names = names
    const newest = entries.reverse().slice(0, MAX_ROWS)
    this.#summary.textContent = entries.length > MAX_ROWS
      ? `The latest ${MAX_ROWS} of ${entries.length} entries from ${rangeText}`
      : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} from ${rangeText}`
    this.#rows.replaceChildren(...(newest.length === 0
      ? [h('tr', {}, h('td', { class: 'empty', colspan: 4 }, 'Nothing recorded in this period.'))]
      : newest.map(e => this.#row(e, e.id === added))))
    list('allergies', allergies as AllergyEntry[], a => [a.code.text, a.criticality === 'high' ? 'high criticality' : undefined,
      [a.reaction, a.category, a.status].filter(Boolean).join(' · ')])
    list('medications', [...medications as MedicationEntry[], ...prescriptions as PrescriptionEntry[]], m => m.type === 'medication'
      ? [m.medication.text, undefined, [m.dosage, m.status].filter(Boolean).join(' · ')]
      : [m.medication.text, 'prescription', prescribed(m)])
    list('conditions', conditions as ConditionEntry[], c => [c.code.text, undefined, `${c.status} · since ${formatWhen(c.at)}`])
    list('immunizations', (immunizations as ImmunizationEntry[]).reverse(), i => [i.vaccine.text, undefined, `${i.status} · ${formatWhen(i.at)}`])
    // What was recorded at each visit: entries of the time range shown that point to it.
    const atVisit = new Map<string, number>()
    for (const e of entries) if (e.source?.encounter !== undefined) atVisit.set(e.source.encounter, (atVisit.get(e.source.encounter) ?? 0) + 1)
    list('visits', (visits as EncounterEntry[]).reverse().slice(0, MAX_ROWS), v => [v.code.text, undefined,
      [formatWhen(v.at), v.provider, atVisit.has(v.id) ? `${atVisit.get(v.id) ?? 0} entries recorded` : undefined].filter(Boolean).join(' · ')])
  }

  #row (e: Entry, added: boolean): HTMLTableRowElement {
    const by = this.#author(e.author.party, this.#names)
    return h('tr', { class: added ? 'new' : undefined, 'data-id': e.id },
      h('td', { class: 'when' }, formatWhen(e.at)),
      h('td', {}, e.type === 'vital' ? entryWhat(e, this.#kinds) : h('span', { class: 'kind' }, entryWhat(e, this.#kinds))),
      h('td', { class: 'num' }, entryValue(e, this.#kinds, this.#names)),
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

// A prescription's line: how to take it, how much, refills, who prescribed it and when.
function prescribed (p: PrescriptionEntry): string {
  const d = p.dosage?.[0]
  const amount = (q: { value: number, unit?: string } | undefined): string | undefined => q === undefined ? undefined : [q.value, q.unit].filter(x => x !== undefined).join(' ')
  const often = d?.frequency === undefined ? undefined : `${d.frequency} per ${d.period === 1 ? '' : `${d.period ?? 1} `}${d.periodUnit ?? ''}`
  return [amount(d?.dose), often, d?.text, p.quantity === undefined ? undefined : `quantity ${amount(p.quantity) ?? ''}`,
    p.refills === undefined ? undefined : `${p.refills} ${p.refills === 1 ? 'refill' : 'refills'}`, p.status,
    `prescribed ${formatWhen(p.at)}${p.prescriber === undefined ? '' : ` by ${p.prescriber}`}`].filter(Boolean).join(' · ')
}
