// jsQR as a file of its own (qr-decoder.js), fetched only when a camera scan finds no BarcodeDetector
// that reads QR codes (Safari, Firefox, desktop Linux): every phone's first load stays 45 KiB
// (gzipped) lighter, and Chrome on Android never fetches it.
// jsQR is CommonJS: its default import is its exports, whose `default` is the decoder.
import jsQR from 'jsqr'

/** The text of the QR code in an RGBA image, if it holds one that reads. */
export function decodeQr (rgba: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsQR.default(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data
}
