// The chart card: which kind and time range to show, a line of figures, and the chart itself.
import type { VitalEntry, VitalKind } from '@techo/notebook'
import type { NotebookApi, VitalKinds } from './api.js'
import { drawChart } from './chart.js'
import { byId, h } from './dom.js'
import { formatNumber, formatWhen, vitalValue } from './format.js'

const DAY = 86_400_000
const RANGES = [
  { id: '7d', label: '7 days', days: 7 },
  { id: '30d', label: '30 days', days: 30 },
  { id: '90d', label: '90 days', days: 90 },
  { id: '1y', label: '1 year', days: 365 },
  { id: 'all', label: 'All', days: undefined }
] as const

export class ChartPanel {
  readonly #api: NotebookApi
  readonly #kinds: VitalKinds
  readonly #kind = byId<HTMLSelectElement>('chart-kind')
  readonly #figure = byId('chart')
  readonly #stats = byId('chart-stats')
  #days: number | undefined = 30
  #entries: VitalEntry[] = []
  #from: number | undefined
  #to = Date.now()
  /** How many refreshes were begun: only the latest one draws. */
  #asked = 0

  /** Builds the controls; `onRange` hears when the time range changes. */
  constructor (api: NotebookApi, kinds: VitalKinds, onRange: () => void) {
    this.#api = api
    this.#kinds = kinds
    for (const [kind, spec] of Object.entries(kinds)) this.#kind.append(h('option', { value: kind }, spec.label))
    this.#kind.addEventListener('change', () => { void this.refresh() })
    const range = byId('range')
    for (const r of RANGES) {
      const input = h('input', { type: 'radio', name: 'range', value: r.id, checked: r.days === this.#days })
      input.addEventListener('change', () => { this.#days = r.days; onRange() })
      range.append(h('label', {}, input, h('span', {}, r.label)))
    }
    let resizing: number | undefined
    addEventListener('resize', () => {
      window.clearTimeout(resizing)
      resizing = window.setTimeout(() => { this.#draw() }, 150)
    })
  }

  /** The start of the chosen time range (ISO 8601), or undefined for all time. */
  since (): string | undefined {
    return this.#days === undefined ? undefined : new Date(Date.now() - this.#days * DAY).toISOString()
  }

  /** The chosen range in words, e.g. "the last 30 days". */
  rangeText (): string {
    return this.#days === undefined ? 'all time' : `the last ${RANGES.find(r => r.days === this.#days)?.label ?? ''}`
  }

  /** Switches the chart to `kind` (after a reading of it is added). */
  select (kind: VitalKind): void {
    this.#kind.value = kind
  }

  /** Fetches the chosen kind's readings in the chosen range and redraws. */
  async refresh (): Promise<void> {
    const asked = ++this.#asked
    const kind = this.#kind.value as VitalKind
    const since = this.since()
    const to = Date.now()
    const entries = await this.#api.query({ type: 'vital', kind, ...(since === undefined ? {} : { since }) }) as VitalEntry[]
    // Refreshes overlap (the timer's, a new kind chosen, a change synced in): one begun before a
    // newer one must not draw the old kind's readings over it.
    if (asked !== this.#asked) return
    this.#entries = entries
    this.#to = to
    this.#from = since === undefined ? undefined : Date.parse(since)
    this.#draw()
  }

  #draw (): void {
    const spec = this.#kinds[this.#kind.value as VitalKind]
    drawChart(this.#figure, this.#entries, spec, this.#from, this.#to)
    const last = this.#entries[this.#entries.length - 1]
    if (last === undefined) {
      this.#stats.replaceChildren()
      return
    }
    const mean = (field: string): number => this.#entries.reduce((sum, e) => sum + ((e as unknown as Record<string, number>)[field] ?? 0), 0) / this.#entries.length
    const average = last.kind === 'bp'
      ? `${Math.round(mean('systolic'))}/${Math.round(mean('diastolic'))} ${spec.unitText}`
      : `${formatNumber(mean('value'))} ${spec.unitText}`
    this.#stats.replaceChildren(
      h('span', {}, 'Latest ', h('strong', {}, vitalValue(last, spec)), h('span', { class: 'when' }, formatWhen(last.at))),
      h('span', {}, 'Average ', h('strong', {}, average)),
      h('span', {}, 'Readings ', h('strong', {}, formatNumber(this.#entries.length)))
    )
  }
}
