// A QR code of a text, drawn three ways: half-block characters for a terminal, SVG, and PNG (a
// grey-scale image written here with zlib, so no image library is needed). Medium error
// correction: a phone reads it from a screen or a slightly worn printout.
import qrcode from 'qrcode-generator'
import { deflateSync } from 'node:zlib'

/** The dark (true) and light modules of the QR code of `text`, row by row. */
export function qrModules (text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

const QUIET = 2

/** The code as lines of half blocks (two rows per line), light on dark terminals and dark on light alike. */
export function qrTerminal (modules: boolean[][]): string {
  const n = modules.length
  const dark = (r: number, c: number): boolean => modules[r]?.[c] === true
  const lines: string[] = []
  // Drawn inverted (spaces for dark modules on a block background) would depend on the theme; full and
  // half blocks for light modules keep a white quiet zone the phone needs on any background.
  for (let r = -QUIET; r < n + QUIET; r += 2) {
    let line = ''
    for (let c = -QUIET; c < n + QUIET; c++) {
      const top = !dark(r, c)
      const bottom = !dark(r + 1, c)
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' '
    }
    lines.push(line)
  }
  return lines.join('\n')
}

/** The code as an SVG document, `scale` pixels per module, with a quiet zone of four modules. */
export function qrSvg (modules: boolean[][], scale = 8): string {
  const size = (modules.length + 8) * scale
  const path = modules.flatMap((row, r) => row.flatMap((dark, c) => dark ? [`M${(c + 4) * scale} ${(r + 4) * scale}h${scale}v${scale}h-${scale}z`] : [])).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>\n`
}

/** The code as a PNG (8-bit grey), `scale` pixels per module, with a quiet zone of four modules. */
export function qrPng (modules: boolean[][], scale = 8): Buffer {
  const size = (modules.length + 8) * scale
  const raw = Buffer.alloc((size + 1) * size, 255)
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0 // filter type: none
    const r = Math.floor(y / scale) - 4
    for (let x = 0; x < size; x++) if (modules[r]?.[Math.floor(x / scale) - 4] === true) raw[y * (size + 1) + 1 + x] = 0
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 0 // colour type: grey
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

function chunk (type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32 (bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
