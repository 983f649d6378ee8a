// The notebook's panels wired to an Api and kept current (after every reading added here, when the
// tab comes back into view, and every 30 s for changes made elsewhere): the same page whether the
// Api is a daemon's (the desktop notebook) or the page's own node (the phone app).
import type { Entry, VitalKind } from '@techo/notebook'
import type { Api } from './api.js'
import { ChartPanel } from './chart-panel.js'
import { byId } from './dom.js'
import { EntriesPanel } from './entries-panel.js'
import { short } from './format.js'
import { refreshAudit, refreshStatus } from './node-panels.js'
import { ReadingForm } from './reading-form.js'
import { summaryDownload } from './summary-download.js'

const REFRESH_MS = 30_000

/** Shows a message above the notebook, or hides it. */
export function notice (message: string | undefined): void {
  const el = byId('notice')
  el.textContent = message ?? ''
  el.hidden = message === undefined
}

/** Sets the connection pill: `up` says whether the notebook's node answers, `text` what to show. */
export function connection (up: boolean, text: string): void {
  const pill = byId('connection')
  pill.textContent = text
  pill.classList.toggle('down', !up)
}

/** What the page needs from its host: what "connected" means here, and how a failure is told. */
export interface PageHost {
  connected: string
  report: (err: unknown) => void
  /** Subscribes to changes that arrive from elsewhere (a page that is itself a node hears of each); the page refreshes on each. */
  changes?: (listener: () => void) => void
}

/** Fills the panels from `api` and keeps them current; failures go to `host.report`. */
export async function runNotebook (api: Api, host: PageHost): Promise<{ refresh: () => Promise<void> }> {
  const [kinds, who] = await Promise.all([api.vitalKinds(), api.whoami()])
  byId('who').textContent = `${who.role === 'patient' ? 'Patient' : 'Clinic'} ${short(who.party)}`
  let added: string | undefined
  const refresh = async (): Promise<void> => {
    try {
      await Promise.all([
        chart.refresh(),
        entries.refresh(chart.since(), chart.rangeText(), added),
        refreshAudit(api),
        refreshStatus(api, who)
      ])
      connection(true, host.connected)
      notice(undefined)
    } catch (err) {
      host.report(err)
    }
  }
  const chart = new ChartPanel(api, kinds, () => { void refresh() })
  const entries = new EntriesPanel(api, kinds, who)
  new ReadingForm(api, kinds, async (entry: Entry) => {
    added = entry.id
    if (entry.type === 'vital') chart.select(entry.kind as VitalKind)
    await refresh()
  }, host.report)
  summaryDownload(api, host.report)
  // Before the first refresh, so a change that lands while it runs is not missed.
  host.changes?.(() => { void refresh() })
  await refresh()
  setInterval(() => { void refresh() }, REFRESH_MS)
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void refresh() })
  return { refresh }
}
