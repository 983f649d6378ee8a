// The web notebook: wires the panels to the daemon's API and keeps them current (after every
// reading added here, when the tab comes back into view, and every 5 s for changes made elsewhere, such
// as a clinic's prescription arriving by sync).
import type { Entry, VitalKind } from '@techo/notebook'
import { connect, takeToken, type Api } from './api.js'
import { ChartPanel } from './chart-panel.js'
import { ConsentPanel } from './consent-panel.js'
import { byId } from './dom.js'
import { EntriesPanel } from './entries-panel.js'
import { EntryForm } from './entry-form.js'
import { PATIENT_FORMS } from './form-specs.js'
import { clinicName, short } from './format.js'
import { refreshAudit, refreshStatus } from './node-panels.js'
import { connection, notice, report } from './page-state.js'
import { ReadingForm } from './reading-form.js'
import { summaryDownload } from './summary-download.js'

const REFRESH_MS = 5_000

async function start (api: Api): Promise<void> {
  const [kinds, who] = await Promise.all([api.vitalKinds(), api.whoami()])
  byId('who').textContent = `${who.role === 'patient' ? 'Patient' : 'Clinic'} ${short(who.party)}`
  let added: string | undefined
  const refresh = async (): Promise<void> => {
    try {
      await Promise.all([
        chart.refresh(),
        entries.refresh(chart.since(), chart.rangeText(), added),
        refreshAudit(api),
        refreshStatus(api, who),
        consent.refresh()
      ])
      connection('Connected to this device')
      notice(undefined)
    } catch (err) {
      report(err)
    }
  }
  const chart = new ChartPanel(api, kinds, () => { void refresh() })
  const entries = new EntriesPanel(api, kinds, (party, names) => party === who.party ? 'You' : clinicName(party, names))
  new ReadingForm(api, kinds, async (entry: Entry) => {
    added = entry.id
    if (entry.type === 'vital') chart.select(entry.kind as VitalKind)
    await refresh()
  }, report)
  const consent = new ConsentPanel(api, refresh, report)
  const onAdded = async (entry: Entry): Promise<void> => {
    added = entry.id
    await refresh()
  }
  byId('forms').replaceChildren(...PATIENT_FORMS.map(spec => new EntryForm(spec, () => api, onAdded, report).element))
  summaryDownload(api, report)
  await refresh()
  setInterval(() => { void refresh() }, REFRESH_MS)
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void refresh() })
}

const token = takeToken()
if (token === undefined) {
  notice('Open the web notebook with the link `techo serve` printed: it carries the access token.')
  connection(false)
} else {
  start(connect(token)).catch(report)
}
