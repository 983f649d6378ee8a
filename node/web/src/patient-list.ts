// The clinic workspace's list of patients who granted this clinic access: name or id, scope, until,
// last sync; a search box narrows it by name or id, and each row opens that patient's notebook.
import type { PatientsAnswer } from './api.js'
import { byId, h } from './dom.js'
import { formatWhen, short } from './format.js'

export type PatientRow = PatientsAnswer['patients'][number]

/** A patient as the workspace names them: the name in their notebook, or the start of their id. */
export function patientName (row: Pick<PatientRow, 'patient' | 'name'>): string {
  return row.name ?? `Patient ${short(row.patient)}`
}

/** What a grant allows, in words. */
export function accessWords (row: PatientRow): string {
  if (row.state !== 'active') return row.state === 'revoked' ? 'revoked' : 'expired'
  return row.scope === 'write' ? 'read and write' : 'read only'
}

export class PatientList {
  readonly #rows = byId<HTMLTableElement>('patients').tBodies[0] as HTMLTableSectionElement
  readonly #search = byId<HTMLInputElement>('patient-search')
  readonly #open: (row: PatientRow) => void
  #patients: PatientRow[] = []
  #current: string | undefined

  /** `open` runs when a row's button is pressed. */
  constructor (open: (row: PatientRow) => void) {
    this.#open = open
    this.#search.addEventListener('input', () => { this.#render() })
  }

  /** Shows `patients`, marking `current` as the one open. */
  show (patients: PatientRow[], current: string | undefined): void {
    this.#patients = patients
    this.#current = current
    this.#render()
  }

  #render (): void {
    const words = this.#search.value.trim().toLowerCase()
    const shown = this.#patients.filter(p => words === '' || p.patient.toLowerCase().includes(words) || (p.name?.toLowerCase().includes(words) ?? false))
    if (shown.length === 0) {
      const why = this.#patients.length === 0 ? 'No patient has granted this clinic access yet: they scan the code beside this list.' : 'No patient matches the search.'
      this.#rows.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: 5 }, why)))
      return
    }
    this.#rows.replaceChildren(...shown.map(p => {
      const button = h('button', { type: 'button', class: 'small', 'data-patient': p.patient, disabled: p.state !== 'active' }, p.patient === this.#current ? 'Open now' : 'Open')
      button.addEventListener('click', () => { this.#open(p) })
      return h('tr', { class: p.patient === this.#current ? 'new' : undefined, 'data-patient': p.patient },
        h('td', {}, h('span', { class: 'name' }, patientName(p)), h('span', { class: 'mono meta' }, p.patient)),
        h('td', {}, accessWords(p)),
        h('td', { class: 'when' }, formatWhen(new Date(p.until).toISOString())),
        h('td', { class: 'when' }, p.lastSync === undefined ? 'not since this node started' : formatWhen(p.lastSync)),
        h('td', {}, button))
    }))
  }
}
