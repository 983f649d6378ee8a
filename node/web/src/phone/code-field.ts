// The field for a clinic's code and the button that fills it from the camera: once the camera reads
// a Techo clinic's link, the camera closes, the link goes into the field and the form is submitted,
// exactly as if the patient had pasted it. Other codes the camera sees are named, and it looks on.
import { h } from '../dom.js'
import { notAClinicCode, scannedClinic } from './clinic-code.js'
import { scanQr } from './qr-scan.js'

/** The field's parts: `input` holds the code, `error` says what is wrong with it or with the camera. */
export interface CodeField { element: HTMLElement, input: HTMLInputElement, error: (message: string | undefined) => void }

/** The field, its scan button and camera view, inside `form` (submitted when a scan finds a clinic's link). */
export function codeField (form: HTMLFormElement): CodeField {
  const input = h('input', { id: 'clinic-code', type: 'text', autocomplete: 'off', spellcheck: false, 'aria-describedby': 'clinic-code-error' })
  const errorText = h('p', { id: 'clinic-code-error', class: 'field-error', hidden: true })
  const scan = h('button', { type: 'button', id: 'scan-clinic' }, 'Scan the clinic\'s QR code')
  const cancel = h('button', { type: 'button', id: 'scan-cancel', class: 'small', hidden: true }, 'Stop the camera')
  // playsinline and muted: iOS otherwise plays a camera only full-screen, or not at all.
  const video = h('video', { id: 'scan-video', class: 'scan-video', playsinline: true, muted: true, hidden: true, 'aria-label': 'The camera, looking for the clinic\'s QR code' })
  const note = h('p', { id: 'scan-note', class: 'muted', role: 'status', 'aria-live': 'polite' })
  const error = (message: string | undefined): void => {
    errorText.textContent = message ?? ''
    errorText.hidden = message === undefined
    if (message === undefined) input.removeAttribute('aria-invalid')
    else input.setAttribute('aria-invalid', 'true')
  }
  let scanning: AbortController | undefined
  const showCamera = (on: boolean): void => {
    scan.hidden = on
    cancel.hidden = !on
    video.hidden = !on
    note.textContent = on ? 'Point the camera at the clinic\'s QR code.' : ''
  }
  input.addEventListener('input', () => { error(undefined) })
  scan.addEventListener('click', () => {
    const stop = new AbortController()
    scanning = stop
    error(undefined)
    showCamera(true)
    scanQr(video, text => scannedClinic(text) !== undefined, text => { note.textContent = notAClinicCode(text) }, stop.signal)
      .then(text => {
        showCamera(false)
        if (text === undefined) return
        input.value = text
        form.requestSubmit()
      }, (err: unknown) => {
        showCamera(false)
        error(err instanceof Error ? err.message : String(err))
      })
  })
  cancel.addEventListener('click', () => { scanning?.abort() })
  // A page put away (another app, the screen locked) gives the camera back.
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') scanning?.abort() })
  const element = h('div', { class: 'code-field' },
    h('div', { class: 'field' },
      h('label', { for: 'clinic-code' }, 'The clinic\'s code ', h('span', { class: 'hint' }, '(scan its QR code, or paste its techo:// link)')),
      input),
    scan, cancel, video, note, errorText)
  return { element, input, error }
}
