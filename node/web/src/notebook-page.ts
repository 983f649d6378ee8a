// The notebook's panels wired to an Api and kept current (after every entry added here, when the tab
// comes back into view, and every 5 s for changes made elsewhere, such as a clinic's prescription
// arriving by sync): the same page whether the Api is a daemon's (the desktop notebook) or the page's
// own node (the phone app). Consent is granted here through the daemon; the phone's page has no
// consent card (it grants from its own clinic card), so without `consent` the card is not wired.
import type { Entry, VitalKind } from '@techo/notebook'
import type { Api, NotebookApi } from './api.js'
import { ChartPanel } from './chart-panel.js'
import { ConsentPanel } from './consent-panel.js'
import { byId } from './dom.js'
import { EntriesPanel } from './entries-panel.js'
import { EntryForm } from './entry-form.js'
import { PATIENT_FORMS } from './form-specs.js'
import { clinicName, short } from './format.js'
import { refreshAudit, refreshStatus } from './node-panels.js'
import { connection, notice } from './page-state.js'
import { ReadingForm } from './reading-form.js'
import { notebookDownloads } from './downloads.js'

const REFRESH_MS = 5_000

/** What the page needs from its host: what "connected" means here, and how a failure is told. */
export interface PageHost {
  connected: string
  report: (err: unknown) => void
  /** Subscribes to changes that arrive from elsewhere (a page that is itself a node hears of each); the page refreshes on each. */
  changes?: (listener: () => void) => void
}

/** Fills the panels from `api` and keeps them current; failures go to `host.report`. */
export async function runNotebook (api: NotebookApi & Partial<Pick<Api, 'consent'>>, host: PageHost): Promise<{ refresh: () => Promise<void> }> {
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
        consent?.refresh()
      ])
      connection(true, host.connected)
      notice(undefined)
    } catch (err) {
      host.report(err)
    }
  }
  const chart = new ChartPanel(api, kinds, () => { void refresh() })
  const entries = new EntriesPanel(api, kinds, (party, names) => party === who.party ? 'You' : clinicName(party, names))
  const onAdded = async (entry: Entry): Promise<void> => {
    added = entry.id
    if (entry.type === 'vital') chart.select(entry.kind as VitalKind)
    await refresh()
  }
  new ReadingForm(api, kinds, onAdded, host.report)
  const consent = api.consent === undefined ? undefined : new ConsentPanel({ status: api.status, grants: api.grants, consent: api.consent }, refresh, host.report)
  byId('forms').replaceChildren(...PATIENT_FORMS.map(spec => new EntryForm(spec, () => api, onAdded, host.report).element))
  notebookDownloads(api, host.report)
  // Before the first refresh, so a change that lands while it runs is not missed.
  host.changes?.(() => { void refresh() })
  await refresh()
  setInterval(() => { void refresh() }, REFRESH_MS)
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void refresh() })
  return { refresh }
}
