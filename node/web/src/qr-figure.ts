// A QR code drawn from its modules (rows of '1' dark, '0' light) as inline SVG, with the quiet zone
// a phone's camera needs; the page's policy allows no inline images, and needs none.
import { svg } from './dom.js'

const QUIET = 4

/** Draws `modules` into `figure`, labelled with what the code carries. */
export function drawQr (figure: HTMLElement, modules: string[], label: string): void {
  const size = modules.length + 2 * QUIET
  const path = modules.flatMap((row, r) => [...row].flatMap((m, c) => m === '1' ? [`M${c + QUIET} ${r + QUIET}h1v1h-1z`] : [])).join('')
  figure.replaceChildren(svg('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges' },
    svg('rect', { width: size, height: size, class: 'qr-light' }),
    svg('path', { d: path, class: 'qr-dark' })))
}
