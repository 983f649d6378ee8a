// The download buttons: the International Patient Summary (a FHIR document to hand to any doctor)
// and the whole notebook as a FHIR Bundle (to keep, or to import elsewhere), each built from the
// notebook as it is now and saved as a file. On the phone both come from the page's own notebook,
// so they work offline too.
import type { NotebookApi } from './api.js'
import { byId } from './dom.js'

/** Wires both download buttons; failures go to `report`. */
export function notebookDownloads (api: NotebookApi, report: (err: unknown) => void): void {
  downloadButton('ips-download', 'patient-summary', async () => await api.exportIps(), report)
  downloadButton('fhir-download', 'health-notebook', async () => await api.exportFhir(), report)
}

// One button: asks for the document, saves it as `<name>-<date>.json`, says so in #download-result.
function downloadButton (id: string, name: string, make: () => Promise<unknown>, report: (err: unknown) => void): void {
  const button = byId<HTMLButtonElement>(id)
  const result = byId('download-result')
  button.addEventListener('click', () => {
    button.disabled = true
    result.textContent = ''
    make().then(doc => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/fhir+json' }))
      const a = document.createElement('a')
      a.href = url
      a.download = `${name}-${new Date().toISOString().slice(0, 10)}.json`
      a.click()
      // The click has handed the file to the browser; the object URL is no longer needed.
      setTimeout(() => { URL.revokeObjectURL(url) }, 0)
      result.textContent = `Saved ${a.download}.`
    }).catch(report).finally(() => { button.disabled = false })
  })
}
