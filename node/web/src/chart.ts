// A line chart of one kind of reading over time, drawn as SVG: one line per measure (blood
// pressure has two, systolic and diastolic), a dot per reading with its value as a tooltip.
import type { VitalEntry, VitalSpec } from '@techo/notebook'
import { h, svg } from './dom.js'
import { formatNumber, formatWhen, vitalValue } from './format.js'
import { niceTicks, timeTicks } from './ticks.js'

interface Point { t: number, v: number, id: string, title: string }
interface Series { field: string, label: string, points: Point[] }

const HEIGHT = 280
const MARGIN = { top: 14, right: 18, bottom: 30, left: 46 }
const HALF_DAY = 12 * 3_600_000
// Below this span the readings would sit on top of each other: widen the view to a day.
const MIN_SPAN = 3_600_000

/** Replaces `figure`'s content with the chart of `entries` over [from, to] (from the first reading when `from` is undefined). */
export function drawChart (figure: HTMLElement, entries: VitalEntry[], spec: VitalSpec, from: number | undefined, to: number): void {
  const series = seriesOf(entries, spec)
  const all = series.flatMap(s => s.points)
  const width = Math.max(320, Math.round(figure.clientWidth))
  const chart = svg('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: 'img', 'aria-label': summary(spec, entries) })
  if (all.length === 0) {
    chart.append(svg('text', { class: 'empty', x: width / 2, y: HEIGHT / 2, 'text-anchor': 'middle' }, `No ${spec.label.toLowerCase()} readings in this period.`))
    figure.replaceChildren(chart)
    return
  }
  const times = all.map(p => p.t)
  let t0 = from ?? Math.min(...times)
  let t1 = from === undefined ? Math.max(...times) : to
  if (t1 - t0 < MIN_SPAN) { t0 -= HALF_DAY; t1 += HALF_DAY }
  const values = all.map(p => p.v)
  const yTicks = niceTicks(Math.min(...values), Math.max(...values))
  const v0 = yTicks[0] as number
  const v1 = yTicks[yTicks.length - 1] as number
  const x = (t: number): number => MARGIN.left + (t - t0) / (t1 - t0) * (width - MARGIN.left - MARGIN.right)
  const y = (v: number): number => HEIGHT - MARGIN.bottom - (v - v0) / (v1 - v0) * (HEIGHT - MARGIN.top - MARGIN.bottom)

  const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' })
  for (const v of yTicks) {
    axis.append(
      svg('line', { class: 'grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v) }),
      svg('text', { x: MARGIN.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, formatNumber(v))
    )
  }
  const xTicks = timeTicks(t0, t1, Math.max(3, Math.floor(width / 110)))
  for (const t of xTicks.at) {
    axis.append(svg('text', { x: x(t), y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle' }, xTicks.label(t)))
  }
  chart.append(axis)
  for (const s of series) {
    const cls = `series-${s.field}`
    const path = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('')
    const dots = s.points.map(p => svg('circle', { class: `dot ${cls}`, cx: x(p.t), cy: y(p.v), r: 4, 'data-id': p.id }, svg('title', {}, p.title)))
    chart.append(svg('g', { class: 'series', 'data-series': s.field }, svg('path', { class: `line ${cls}`, d: path }), ...dots))
  }
  figure.replaceChildren(chart)
  if (series.length > 1) {
    figure.append(h('ul', { class: 'legend' }, ...series.map(s => h('li', { class: `series-${s.field}` }, s.label))))
  }
}

// Entries come oldest first, as every query returns them.
function seriesOf (entries: VitalEntry[], spec: VitalSpec): Series[] {
  return spec.measures.map(m => ({
    field: m.field,
    label: m.label,
    points: entries.map(e => {
      const v = (e as unknown as Record<string, number>)[m.field] as number
      return { t: Date.parse(e.at), v, id: e.id, title: `${formatWhen(e.at)}: ${m.label} ${formatNumber(v)} ${spec.unitText}` }
    })
  }))
}

function summary (spec: VitalSpec, entries: VitalEntry[]): string {
  const last = entries[entries.length - 1]
  if (last === undefined) return `${spec.label}: no readings in this period.`
  const first = entries[0] as VitalEntry
  return `${spec.label}: ${entries.length} readings from ${formatWhen(first.at)} to ${formatWhen(last.at)}; latest ${vitalValue(last, spec)}.`
}
