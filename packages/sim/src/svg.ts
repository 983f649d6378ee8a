// Charts as inline SVG, drawn here so the report needs no script and no network: lines (linear or
// log scale), points, and bars for histograms.
const W = 640
const H = 260
const M = { left: 78, right: 16, top: 28, bottom: 40 }
export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b']

export interface Series { name: string, points: Array<[number, number]>, color?: string, dots?: boolean }

export interface ChartOptions {
  title: string
  xLabel: string
  yLabel: string
  logY?: boolean
  /** Formats y tick values. */
  yFormat?: (v: number) => string
}

function esc (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function niceTicks (min: number, max: number, count = 5): number[] {
  if (max <= min) return [min]
  const step0 = (max - min) / count
  const mag = 10 ** Math.floor(Math.log10(step0))
  const step = [1, 2, 5, 10].map(f => f * mag).find(s => s >= step0) ?? step0
  const ticks: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step / 1e6; v += step) ticks.push(Number(v.toPrecision(12)))
  return ticks
}

/** A line (or dot) chart of one or more series. */
export function lineChart (series: Series[], opts: ChartOptions): string {
  const points = series.flatMap(s => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!opts.logY || y > 0))
  if (points.length === 0) return `<figure><figcaption>${esc(opts.title)}</figcaption><p class="empty">No data.</p></figure>`
  const xs = points.map(p => p[0])
  const ys = points.map(p => p[1])
  const xMin = Math.min(...xs)
  const xMax = Math.max(...xs) === xMin ? xMin + 1 : Math.max(...xs)
  const fy = opts.logY === true ? (y: number): number => Math.log10(Math.max(y, 1e-9)) : (y: number): number => y
  const yLo = opts.logY === true ? Math.floor(fy(Math.min(...ys))) : Math.min(0, ...ys)
  let yHi = opts.logY === true ? Math.ceil(fy(Math.max(...ys))) : Math.max(...ys)
  if (yHi <= yLo) yHi = yLo + 1
  const px = (x: number): number => M.left + (x - xMin) / (xMax - xMin) * (W - M.left - M.right)
  const py = (y: number): number => H - M.bottom - (fy(y) - yLo) / (yHi - yLo) * (H - M.top - M.bottom)
  const yTicks = opts.logY === true ? Array.from({ length: yHi - yLo + 1 }, (_, i) => 10 ** (yLo + i)) : niceTicks(yLo, yHi)
  const format = opts.yFormat ?? ((v: number) => String(v))
  const parts: string[] = []
  for (const t of yTicks) parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" class="grid"/><text x="${M.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${esc(format(t))}</text>`)
  for (const t of niceTicks(xMin, xMax)) parts.push(`<text x="${px(t).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(String(t))}</text>`)
  let legendX = M.left + 8
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length] as string
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!opts.logY || y > 0))
    if (s.dots === true) {
      for (const [x, y] of pts) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${color}" fill-opacity="0.6"/>`)
    } else if (pts.length > 0) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`)
    }
    parts.push(`<rect x="${legendX}" y="8" width="10" height="10" fill="${color}"/><text x="${legendX + 14}" y="17">${esc(s.name)}</text>`)
    legendX += 30 + 6.5 * s.name.length
  })
  return frame(opts, parts)
}

/** A bar chart of labelled counts (a histogram). */
export function barChart (bars: Array<[string, number]>, opts: Omit<ChartOptions, 'logY'>): string {
  const max = Math.max(1, ...bars.map(b => b[1]))
  const width = (W - M.left - M.right) / Math.max(1, bars.length)
  const parts: string[] = []
  for (const t of niceTicks(0, max)) {
    const y = H - M.bottom - t / max * (H - M.top - M.bottom)
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/><text x="${M.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${esc((opts.yFormat ?? String)(t))}</text>`)
  }
  bars.forEach(([label, value], i) => {
    const h = value / max * (H - M.top - M.bottom)
    const x = M.left + i * width
    parts.push(`<rect x="${(x + 2).toFixed(1)}" y="${(H - M.bottom - h).toFixed(1)}" width="${(width - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[0] as string}"><title>${esc(`${label}: ${value}`)}</title></rect>`)
    parts.push(`<text x="${(x + width / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" class="small">${esc(label)}</text>`)
  })
  return frame(opts, parts)
}

function frame (opts: { title: string, xLabel: string, yLabel: string }, parts: string[]): string {
  return `<figure><figcaption>${esc(opts.title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(opts.title)}">` +
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" class="axis"/><line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" class="axis"/>` +
    parts.join('') +
    `<text x="${(W + M.left) / 2}" y="${H - 6}" text-anchor="middle" class="label">${esc(opts.xLabel)}</text>` +
    `<text transform="translate(12 ${(H - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle" class="label">${esc(opts.yLabel)}</text></svg></figure>`
}

export { esc }
