// A camera for Chromium that sees a QR code: the code of a text, drawn by the repository's own
// encoder with its quiet zone, as a one-frame grey-scale Y4M video that Chromium loops as the only
// camera it has. Launch the browser with `fakeCameraArgs(file)`.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { qrModules } from '../../node/src/cli/qr-code.js'

const [WIDTH, HEIGHT] = [640, 480]
const QUIET = 4

/** Writes the camera's video of `text`'s QR code into `dir`; resolves to the file. */
export function qrCameraFile (dir: string, text: string): string {
  const modules = qrModules(text)
  const side = modules.length + 2 * QUIET
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / side)
  if (scale < 2) throw new Error(`${text.length} characters make a QR code too large for a ${WIDTH}x${HEIGHT} camera`)
  // Luma only (a grey picture): a light background, the code centred, dark modules near black.
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235)
  const [left, top] = [Math.floor((WIDTH - side * scale) / 2), Math.floor((HEIGHT - side * scale) / 2)]
  for (let y = 0; y < side * scale; y++) {
    for (let x = 0; x < side * scale; x++) {
      if (modules[Math.floor(y / scale) - QUIET]?.[Math.floor(x / scale) - QUIET] === true) luma[(top + y) * WIDTH + left + x] = 16
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128)
  const file = join(dir, 'camera.y4m')
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]))
  return file
}

/** Chromium's switches for a camera showing `file`, allowed without asking. */
export function fakeCameraArgs (file: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`]
}
