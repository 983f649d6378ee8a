// One form that adds an entry (an allergy, a note, a prescription…), built from a description of
// its fields. The notebook validates what is sent and names the field it refuses; the sentence is
// shown next to that field (or under the form when no field matches), and the field is marked
// invalid for screen readers too. Only an empty required field is caught here.
import type { Entry } from '@techo/notebook'
import type { EntryInputs, EntryKind } from '../../src/access/notebook-access.js'
import { errorCode, type Api } from './api.js'
import { h } from './dom.js'

/** One field of a form: its name in the values, its label, and the error paths that belong to it. */
export interface FieldSpec {
  name: string
  label: string
  input?: 'text' | 'textarea' | 'select' | 'date' | 'number'
  options?: readonly string[]
  hint?: string
  required?: boolean
  /** Paths of the notebook's input this field fills (default: its name); an error whose path starts with one is shown here. */
  paths?: string[]
}

/** A form: which entry kind it adds, its fields, and how their values become the notebook's input. */
export interface FormSpec<K extends EntryKind = EntryKind> {
  kind: K
  title: string
  submit: string
  fields: FieldSpec[]
  /** The input for the non-empty values (by field name); may throw an error naming its field. */
  input: (values: Record<string, string>) => EntryInputs[K]
}

/** The refusals that are about what was typed; anything else (a lost daemon, a revoked grant) goes to the page. */
const BAD_INPUT = new Set(['ERR_BAD_ENTRY', 'ERR_BAD_READING', 'ERR_USAGE'])

export class EntryForm {
  readonly element: HTMLFormElement
  readonly #spec: FormSpec
  readonly #inputs = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>()
  readonly #errors = new Map<string, HTMLElement>()
  readonly #formError: HTMLElement
  readonly #result: HTMLElement
  readonly #submit: HTMLButtonElement

  /** Builds the form; `onAdded` runs once the daemon stored the entry, `onError` hears failures other than bad input. */
  constructor (spec: FormSpec, api: () => Api, onAdded: (entry: Entry) => Promise<void>, onError: (err: unknown) => void) {
    this.#spec = spec
    const id = `form-${spec.kind}`
    this.#formError = h('p', { id: `${id}-error`, class: 'field-error', hidden: true })
    this.#result = h('p', { id: `${id}-result`, class: 'result', role: 'status', 'aria-live': 'polite' })
    this.#submit = h('button', { type: 'submit', id: `${id}-submit` }, spec.submit)
    this.element = h('form', { id, novalidate: true, 'aria-labelledby': `${id}-heading` },
      h('h3', { id: `${id}-heading` }, spec.title),
      ...spec.fields.map(f => this.#field(id, f)),
      this.#formError, this.#submit, this.#result)
    this.element.addEventListener('input', () => { this.#clearErrors() })
    this.element.addEventListener('submit', event => {
      event.preventDefault()
      this.#send(api(), onAdded).catch(onError)
    })
  }

  #field (formId: string, f: FieldSpec): HTMLElement {
    const id = `${formId}-${f.name}`
    const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true })
    const attrs = { id, name: f.name, 'aria-describedby': `${id}-error`, required: f.required === true }
    const input = f.input === 'select'
      ? h('select', attrs, ...(f.required === true ? [] : [h('option', { value: '' }, '—')]), ...(f.options ?? []).map(o => h('option', { value: o }, o)))
      : f.input === 'textarea'
        ? h('textarea', { ...attrs, rows: 3 })
        : h('input', { ...attrs, type: f.input ?? 'text', ...(f.input === 'number' ? { min: 0, step: 1, inputmode: 'numeric' } : {}) })
    this.#inputs.set(f.name, input)
    this.#errors.set(f.name, error)
    return h('div', { class: 'field' },
      h('label', { for: id }, f.label, f.hint === undefined ? null : h('span', { class: 'hint' }, ` (${f.hint})`)),
      input, error)
  }

  async #send (api: Api, onAdded: (entry: Entry) => Promise<void>): Promise<void> {
    this.#result.textContent = ''
    this.#clearErrors()
    const values: Record<string, string> = {}
    for (const f of this.#spec.fields) {
      const value = (this.#inputs.get(f.name)?.value ?? '').trim()
      if (value !== '') values[f.name] = value
      else if (f.required === true) return this.#fail(`${f.label} is missing; fill it in.`, f.name)
    }
    this.#submit.disabled = true
    try {
      const entry = await api.addEntry(this.#spec.kind, this.#spec.input(values))
      this.element.reset()
      this.#result.textContent = `Added ${this.#spec.kind === 'condition' ? 'the diagnosis' : `the ${this.#spec.kind}`}.`
      await onAdded(entry)
    } catch (err) {
      if (!BAD_INPUT.has(errorCode(err) ?? '')) throw err
      this.#fail((err as Error).message, this.#fieldFor((err as { field?: unknown }).field))
    } finally {
      this.#submit.disabled = false
    }
  }

  // The field whose paths best match the error's path: the longest prefix wins ("dosage[0].dose" over "dosage").
  #fieldFor (path: unknown): string | undefined {
    if (typeof path !== 'string') return undefined
    let best: { name: string, length: number } | undefined
    for (const f of this.#spec.fields) {
      for (const p of f.paths ?? [f.name]) {
        const fits = path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)
        if (fits && p.length > (best?.length ?? -1)) best = { name: f.name, length: p.length }
      }
    }
    return best?.name
  }

  #fail (message: string, field: string | undefined): void {
    const error = field === undefined ? this.#formError : this.#errors.get(field) ?? this.#formError
    error.textContent = message
    error.hidden = false
    const input = field === undefined ? undefined : this.#inputs.get(field)
    input?.setAttribute('aria-invalid', 'true')
    input?.focus()
  }

  #clearErrors (): void {
    for (const error of [this.#formError, ...this.#errors.values()]) {
      error.hidden = true
      error.textContent = ''
    }
    for (const input of this.#inputs.values()) input.removeAttribute('aria-invalid')
  }
}
