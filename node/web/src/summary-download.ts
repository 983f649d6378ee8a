// The patient summary button: asks the daemon for the International Patient Summary and saves it
// as a file the patient can hand to any doctor. The document is built from the notebook as it is now.
import type { NotebookApi } from './api.js'
import { byId } from './dom.js'

/** Wires the download button; failures go to `report`. */
export function summaryDownload (api: NotebookApi, report: (err: unknown) => void): void {
  const button = byId<HTMLButtonElement>('ips-download')
  const result = byId('ips-result')
  button.addEventListener('click', () => {
    button.disabled = true
    result.textContent = ''
    api.exportIps().then(ips => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(ips, null, 2) + '\n'], { type: 'application/fhir+json' }))
      const a = document.createElement('a')
      a.href = url
      a.download = `patient-summary-${new Date().toISOString().slice(0, 10)}.json`
      a.click()
      // The click has handed the file to the browser; the object URL is no longer needed.
      setTimeout(() => { URL.revokeObjectURL(url) }, 0)
      result.textContent = `Saved ${a.download}.`
    }).catch(report).finally(() => { button.disabled = false })
  })
}
