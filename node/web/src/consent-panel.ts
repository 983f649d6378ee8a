// The patient's consent card: grant a clinic from its code (the techo:// link of its QR code, or its
// id) for a scope and a time, see every grant, current and past, with the clinic's signed name, and
// revoke one. The daemon signs with the patient's key; the chain's refusal is shown by the field.
import type { Scope } from '@techo/ledger'
import { errorCode, type Api, type GrantRow } from './api.js'
import { byId, h } from './dom.js'
import { formatWhen, short } from './format.js'

const DAY = 86_400_000
const DURATIONS: ReadonlyArray<[label: string, days: number]> = [['30 days', 30], ['90 days', 90], ['1 year', 365]]
/** Refusals about what was typed or chosen; anything else (a lost daemon, a chain not answering) goes to the page. */
const REFUSALS = new Set(['ERR_BAD_URI', 'ERR_NOT_REGISTERED', 'ERR_BAD_FIELD', 'ERR_BAD_INPUT', 'ERR_BAD_PAYLOAD', 'ERR_NOT_CLINIC', 'ERR_USAGE', 'ERR_NO_GRANT'])

export class ConsentPanel {
  readonly #api: Api
  readonly #onChange: () => Promise<void>
  readonly #onError: (err: unknown) => void
  readonly #form = byId<HTMLFormElement>('grant-form')
  readonly #clinic = byId<HTMLInputElement>('grant-clinic')
  readonly #scope = byId<HTMLSelectElement>('grant-scope')
  readonly #expires = byId<HTMLSelectElement>('grant-expires')
  readonly #error = byId('grant-clinic-error')
  readonly #result = byId('grant-result')
  readonly #submit = byId<HTMLButtonElement>('grant-submit')
  readonly #rows = byId<HTMLTableElement>('grants').tBodies[0] as HTMLTableSectionElement

  /** `onChange` runs after a grant or a revoke (the notebook records both); `onError` hears other failures. */
  constructor (api: Api, onChange: () => Promise<void>, onError: (err: unknown) => void) {
    this.#api = api
    this.#onChange = onChange
    this.#onError = onError
    for (const [label, days] of DURATIONS) this.#expires.append(h('option', { value: days, selected: days === 90 }, label))
    this.#clinic.addEventListener('input', () => { this.#clear() })
    this.#form.addEventListener('submit', event => {
      event.preventDefault()
      this.#act(async () => {
        const clinic = this.#clinic.value.trim()
        if (clinic === '') throw Object.assign(new Error('Paste the clinic\'s techo:// link (from its QR code) or its id.'), { code: 'ERR_USAGE' })
        const done = await api.consent.grant(clinic, this.#scope.value as Scope, Date.now() + Number(this.#expires.value) * DAY)
        this.#form.reset()
        return done.said
      })
    })
  }

  /** Fetches and shows every grant, newest first; while the daemon does not follow the chain yet, says so. */
  async refresh (): Promise<void> {
    const status = await this.#api.status()
    if (!status.sync.following) {
      this.#rows.replaceChildren(h('tr', {}, h('td', { class: 'empty', colspan: 5 }, `The consent chain is not answering yet${status.sync.problem === undefined ? '' : ` (${status.sync.problem})`}; your grants show once it does.`)))
      return
    }
    const grants = (await this.#api.grants()).sort((a, b) => b.at - a.at)
    this.#rows.replaceChildren(...(grants.length === 0
      ? [h('tr', {}, h('td', { class: 'empty', colspan: 5 }, 'No clinic has access to your notebook.'))]
      : grants.map(g => this.#row(g))))
  }

  #row (g: GrantRow): HTMLTableRowElement {
    const state = g.revoked ? 'revoked' : g.active ? 'active' : 'expired'
    const revoke = h('button', { type: 'button', class: 'small danger', 'data-clinic': g.clinic }, 'Revoke')
    revoke.addEventListener('click', () => {
      revoke.disabled = true
      this.#act(async () => (await this.#api.consent.revoke(g.clinic)).said)
    })
    return h('tr', { 'data-clinic': g.clinic, class: state === 'active' ? undefined : 'past' },
      h('td', {}, h('span', { class: 'name' }, g.clinicName ?? `Clinic ${short(g.clinic)}`), h('span', { class: 'mono meta' }, g.clinic)),
      h('td', {}, g.scope === 'write' ? 'read and write' : 'read'),
      h('td', { class: 'when' }, formatWhen(new Date(g.until).toISOString())),
      h('td', {}, state),
      h('td', {}, state === 'active' ? revoke : null))
  }

  // Runs one consent action: its sentence, or a refusal by the clinic field; other failures go to the page.
  #act (action: () => Promise<string>): void {
    this.#clear()
    this.#submit.disabled = true
    void (async () => {
      try {
        this.#result.textContent = await action()
        await this.#onChange()
      } catch (err) {
        if (!REFUSALS.has(errorCode(err) ?? '')) return this.#onError(err)
        this.#error.textContent = (err as Error).message
        this.#error.hidden = false
        this.#clinic.setAttribute('aria-invalid', 'true')
      } finally {
        this.#submit.disabled = false
      }
    })()
  }

  #clear (): void {
    this.#result.textContent = ''
    this.#error.hidden = true
    this.#error.textContent = ''
    this.#clinic.removeAttribute('aria-invalid')
  }
}
