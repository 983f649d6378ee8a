// Reading a QR code with the phone's rear camera. Frames go to the browser's own BarcodeDetector
// where it reads QR codes (Chrome on Android), else to jsQR, loaded then from the app's folder
// (qr-decoder.js). The camera is released (its tracks stopped) however the scan ends: a code
// found, a cancel, an error.

/** At most this many decodes a second: enough for a hand-held code, and the phone stays cool. */
const DECODE_MS = 100
/** Frames are scaled down to this many pixels on their long side before jsQR reads them. */
const MAX_SIDE = 960
const PASTE = 'paste the clinic\'s techo:// link instead'

/** The part of the Shape Detection API used here (not yet in TypeScript's DOM types). */
interface Detector { detect: (source: HTMLVideoElement) => Promise<Array<{ rawValue: string }>> }
interface DetectorClass {
  new (options: { formats: string[] }): Detector
  getSupportedFormats: () => Promise<string[]>
}

/** Shows the camera in `video` until `wanted` accepts a code's text (returned) or `signal` aborts (undefined); `other` hears codes not wanted. */
export async function scanQr (video: HTMLVideoElement, wanted: (text: string) => boolean, other: (text: string) => void, signal: AbortSignal): Promise<string | undefined> {
  const opening = openCamera()
  const stream = await orAbort(opening, signal)
  // Cancelled while the browser asked for permission: the camera, if it opens later, closes at once.
  if (stream === undefined) {
    opening.then(release, () => {})
    return undefined
  }
  try {
    video.srcObject = stream
    await orAbort(video.play(), signal)
    const decode = await decoder()
    while (!signal.aborted) {
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        for (const text of await decode(video)) {
          if (wanted(text)) return text
          other(text)
        }
      }
      await orAbort(new Promise(resolve => setTimeout(resolve, DECODE_MS)), signal)
    }
    return undefined
  } finally {
    release(stream)
    video.srcObject = null
  }
}

function release (stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop()
}

// The rear camera where there is one (`ideal`, so a laptop's only camera still does); each refusal
// in words that say what the patient can do.
async function openCamera (): Promise<MediaStream> {
  if (navigator.mediaDevices?.getUserMedia === undefined) {
    throw new Error(isSecureContext
      ? `This browser lets the app use no camera: ${PASTE}.`
      : `The browser allows the camera only to an app opened over https (or on this device itself): ${PASTE}.`)
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
  } catch (err) {
    const name = err instanceof DOMException ? err.name : ''
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new Error(`The camera was not allowed: let this app use the camera in the browser's site settings and scan again, or ${PASTE}.`)
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new Error(`This device has no camera the app can use: ${PASTE}.`)
    if (name === 'NotReadableError' || name === 'AbortError') throw new Error(`The camera could not start (another app may be using it): close that app and scan again, or ${PASTE}.`)
    throw new Error(`The camera could not be opened (${err instanceof Error ? err.message : String(err)}): ${PASTE}.`)
  }
}

// The browser's detector when it reads QR codes; else jsQR on the frame drawn into a canvas.
async function decoder (): Promise<(video: HTMLVideoElement) => Promise<string[]>> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
  if (Native !== undefined && (await Native.getSupportedFormats()).includes('qr_code')) {
    const detector = new Native({ formats: ['qr_code'] })
    return async video => (await detector.detect(video)).map(code => code.rawValue)
  }
  const { decodeQr } = await (import(new URL('qr-decoder.js', location.href).href) as Promise<typeof import('./qr-decoder.js')>).catch((err: unknown) => {
    throw new Error(`The app's QR code reader did not load (${err instanceof Error ? err.message : String(err)}); scan again once the phone is online, or ${PASTE}.`)
  })
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (context === null) throw new Error(`This browser cannot read the camera's pictures: ${PASTE}.`)
  return async video => {
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight))
    const [width, height] = [Math.round(video.videoWidth * scale), Math.round(video.videoHeight * scale)]
    if (width === 0 || height === 0) return []
    canvas.width = width
    canvas.height = height
    context.drawImage(video, 0, 0, width, height)
    const text = decodeQr(context.getImageData(0, 0, width, height).data, width, height)
    return text === undefined ? [] : [text]
  }
}

/** `p`'s value, or undefined as soon as `signal` aborts: a cancel never waits on the camera. */
async function orAbort<T> (p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return undefined
  return await new Promise<T | undefined>((resolve, reject) => {
    const aborted = (): void => { resolve(undefined) }
    signal.addEventListener('abort', aborted, { once: true })
    p.then(resolve, reject).finally(() => { signal.removeEventListener('abort', aborted) })
  })
}
