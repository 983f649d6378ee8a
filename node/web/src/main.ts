// The web notebook: wires the panels to the daemon's API and keeps them current (after every
// reading added here, when the tab comes back into view, and every 30 s for changes made elsewhere).
import type { Entry, VitalKind } from '@techo/notebook'
import { connect, errorCode, takeToken, type Api } from './api.js'
import { ChartPanel } from './chart-panel.js'
import { byId } from './dom.js'
import { EntriesPanel } from './entries-panel.js'
import { short } from './format.js'
import { refreshAudit, refreshStatus } from './node-panels.js'
import { ReadingForm } from './reading-form.js'
import { summaryDownload } from './summary-download.js'

const REFRESH_MS = 30_000

function notice (message: string | undefined): void {
  const el = byId('notice')
  el.textContent = message ?? ''
  el.hidden = message === undefined
}

function connection (up: boolean): void {
  const pill = byId('connection')
  pill.textContent = up ? 'Connected to this device' : 'Daemon not answering'
  pill.classList.toggle('down', !up)
}

// What a failure means to the person looking at the page.
function report (err: unknown): void {
  const code = errorCode(err)
  if (code === 'ERR_DAEMON_UNREACHABLE') {
    connection(false)
    notice('The techo daemon is not answering. Is `techo serve` still running? This page reconnects by itself.')
  } else if (code === 'ERR_NOT_AUTHORISED') {
    notice('This page\'s access token does not fit the running daemon (it changes each time `techo serve` starts): open the link it printed.')
  } else {
    notice(err instanceof Error ? err.message : String(err))
  }
}

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
        refreshStatus(api, who)
      ])
      connection(true)
      notice(undefined)
    } catch (err) {
      report(err)
    }
  }
  const chart = new ChartPanel(api, kinds, () => { void refresh() })
  const entries = new EntriesPanel(api, kinds, who)
  new ReadingForm(api, kinds, async (entry: Entry) => {
    added = entry.id
    if (entry.type === 'vital') chart.select(entry.kind as VitalKind)
    await refresh()
  }, report)
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
