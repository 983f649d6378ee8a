// Axis ticks: round numbers for values, calendar steps (hours, days, weeks, months) for time.

/** About `count` round ticks (1, 2, 2.5 or 5 × 10^n apart) whose span covers [lo, hi]. */
export function niceTicks (lo: number, hi: number, count = 5): number[] {
  if (lo === hi) { lo -= 1; hi += 1 }
  const raw = (hi - lo) / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= raw) ?? 10 * magnitude
  const ticks: number[] = []
  // Rounding to the step's precision keeps 0.1 + 0.2 from printing as 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1)
  for (let v = Math.floor(lo / step) * step; ; v += step) {
    ticks.push(Number(v.toFixed(digits)))
    if (v >= hi) break
  }
  return ticks
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
const SPANS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY]
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60]

/** Ticks on calendar boundaries in this browser's zone, at most about `count` within [from, to]. */
export function timeTicks (from: number, to: number, count = 6): { at: number[], label: (t: number) => string } {
  const span = to - from
  const step = SPANS.find(s => span / s <= count)
  if (step !== undefined) {
    const start = new Date(from)
    start.setMinutes(0, 0, 0)
    if (step >= DAY) start.setHours(0)
    const at: number[] = []
    for (let t = start.getTime(); t <= to; t = advance(t, step)) if (t >= from) at.push(t)
    const format = step >= DAY
      ? new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
      : new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
    return { at, label: t => format.format(t) }
  }
  const months = MONTH_STEPS.find(m => span / (m * 30.4 * DAY) <= count) ?? 120
  const first = new Date(from)
  const start = new Date(first.getFullYear(), first.getMonth() + 1, 1)
  const at: number[] = []
  for (let d = start; d.getTime() <= to; d = new Date(d.getFullYear(), d.getMonth() + months, 1)) at.push(d.getTime())
  const format = new Intl.DateTimeFormat(undefined, months >= 12 ? { year: 'numeric' } : { month: 'short', year: '2-digit' })
  return { at, label: t => format.format(t) }
}

// Steps of a day or more follow the calendar, so ticks stay at midnight across daylight-saving changes.
function advance (t: number, step: number): number {
  if (step < DAY) return t + step
  const d = new Date(t)
  d.setDate(d.getDate() + step / DAY)
  return d.getTime()
}
