// The add-a-reading form. The notebook validates every reading; its sentence is shown next to
// the field it is about (the time, or the values), and the inputs are marked invalid for screen
// readers too. Only an empty field is caught here, since there is nothing yet to send.
import type { Entry, VitalInput, VitalKind } from '@techo/notebook'
import { errorCode, type NotebookApi, type VitalKinds } from './api.js'
import { byId, h } from './dom.js'
import { entryWhat, entryValue, localInputToFhir } from './format.js'

type Slot = 'value' | 'at'

export class ReadingForm {
  readonly #api: NotebookApi
  readonly #kinds: VitalKinds
  readonly #form = byId<HTMLFormElement>('add-form')
  readonly #kind = byId<HTMLSelectElement>('add-kind')
  readonly #fields = byId('value-fields')
  readonly #at = byId<HTMLInputElement>('add-at')
  readonly #submit = byId<HTMLButtonElement>('add-submit')
  readonly #result = byId('add-result')
  readonly #errors: Record<Slot, HTMLElement> = { value: byId('value-error'), at: byId('at-error') }
  #inputs = new Map<string, HTMLInputElement>()

  /** Builds the form; `onAdded` runs after the daemon has stored a reading, `onError` hears failures other than a bad reading. */
  constructor (api: NotebookApi, kinds: VitalKinds, onAdded: (entry: Entry) => Promise<void>, onError: (err: unknown) => void) {
    this.#api = api
    this.#kinds = kinds
    for (const [kind, spec] of Object.entries(kinds)) this.#kind.append(h('option', { value: kind }, spec.label))
    this.#kind.addEventListener('change', () => { this.#renderFields() })
    this.#renderFields()
    // A message about what was sent goes once the person starts correcting it.
    this.#form.addEventListener('input', () => { this.#clearErrors() })
    this.#form.addEventListener('submit', event => {
      event.preventDefault()
      this.#send(onAdded).catch(onError)
    })
  }

  #renderFields (): void {
    const spec = this.#kinds[this.#kind.value as VitalKind]
    this.#inputs = new Map()
    this.#clear()
    this.#fields.replaceChildren(...spec.measures.map(m => {
      const input = h('input', {
        id: `add-${m.field}`, type: 'number', step: 'any', inputmode: 'decimal', required: true, 'aria-describedby': 'value-error',
        placeholder: `${m.min}–${m.max}`
      })
      this.#inputs.set(m.field, input)
      return h('div', { class: 'field' },
        h('label', { for: input.id }, m.label),
        h('div', { class: 'with-unit' }, input, h('span', { class: 'unit' }, spec.unitText)))
    }))
  }

  async #send (onAdded: (entry: Entry) => Promise<void>): Promise<void> {
    this.#clear()
    const kind = this.#kind.value as VitalKind
    const input: Record<string, unknown> = { kind }
    for (const m of this.#kinds[kind].measures) {
      const el = this.#inputs.get(m.field) as HTMLInputElement
      if (el.value.trim() === '') return this.#fail('value', `Enter the ${m.label.toLowerCase()} as a number.`)
      input[m.field] = Number(el.value)
    }
    if (this.#at.value !== '') input.at = localInputToFhir(this.#at.value)
    this.#submit.disabled = true
    try {
      const entry = await this.#api.addVital(input as unknown as VitalInput)
      this.#result.textContent = `Added ${entryWhat(entry, this.#kinds).toLowerCase()} ${entryValue(entry, this.#kinds)}.`
      for (const el of this.#inputs.values()) el.value = ''
      this.#at.value = ''
      await onAdded(entry)
    } catch (err) {
      if (errorCode(err) === 'ERR_BAD_READING') this.#fail(/^Reading time/.test((err as Error).message) ? 'at' : 'value', (err as Error).message)
      else throw err
    } finally {
      this.#submit.disabled = false
    }
  }

  #fail (slot: Slot, message: string): void {
    const inputs = slot === 'at' ? [this.#at] : [...this.#inputs.values()]
    for (const el of inputs) el.setAttribute('aria-invalid', 'true')
    this.#errors[slot].textContent = message
    this.#errors[slot].hidden = false
    inputs[0]?.focus()
  }

  #clear (): void {
    this.#result.textContent = ''
    this.#clearErrors()
  }

  #clearErrors (): void {
    for (const slot of ['value', 'at'] as const) {
      this.#errors[slot].hidden = true
      this.#errors[slot].textContent = ''
    }
    for (const el of [this.#at, ...this.#inputs.values()]) el.removeAttribute('aria-invalid')
  }
}
