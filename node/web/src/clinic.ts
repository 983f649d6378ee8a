// The clinic workspace, served by a clinic's relay or a practitioner's node: the patients who
// granted this clinic access, and the notebook of the one picked, with the same chart, entries and
// lists a patient sees, and forms where the grant allows writing. The list is fetched every few
// seconds, so a grant revoked or expired while a notebook is open closes it at once.
import type { Entry } from '@techo/notebook'
import { connect, errorCode, takeToken, type Api } from './api.js'
import { ChartPanel } from './chart-panel.js'
import { byId } from './dom.js'
import { EntriesPanel } from './entries-panel.js'
import { EntryForm } from './entry-form.js'
import { CLINIC_FORMS } from './form-specs.js'
import { loadWords } from '../../src/cli/load-words.js'
import { formatWhen, short } from './format.js'
import { DAEMON_DOWN, connection, notice, report } from './page-state.js'
import { PatientList, patientName, type PatientRow } from './patient-list.js'
import { drawQr } from './qr-figure.js'

const LIST_REFRESH_MS = 3_000
const NOTEBOOK_REFRESH_MS = 15_000

// Why an open notebook was closed, in the words the clinic needs.
function closedWords (row: PatientRow | undefined, name: string): string {
  const gone = 'this node destroyed its copy of the notebook, so nothing of it is shown. Revoke is not erase: print or copy nothing you may not keep.'
  if (row?.state === 'expired') return `${name}'s grant to this clinic expired on ${formatWhen(new Date(row.until).toISOString())}: ${gone}`
  if (row?.state === 'revoked') return `${name} revoked this clinic's access: ${gone}`
  return `${name}'s grant to this clinic has ended: ${gone}`
}

async function start (api: Api, choose: (patient: string | undefined) => void): Promise<void> {
  const [kinds, who] = await Promise.all([api.vitalKinds(), api.whoami()])
  let open: PatientRow | undefined
  let added: string | undefined
  const view = byId('patient-view')
  const closed = byId('closed')

  const refreshNotebook = async (): Promise<void> => {
    if (open === undefined) return
    await Promise.all([chart.refresh(), entries.refresh(chart.since(), chart.rangeText(), added)])
  }
  const close = (row: PatientRow | undefined): void => {
    if (open === undefined) return
    closed.textContent = closedWords(row, patientName(open))
    closed.hidden = false
    view.hidden = true
    byId('forms').replaceChildren()
    open = undefined
    choose(undefined)
  }
  const show = (row: PatientRow): void => {
    open = row
    choose(row.patient)
    added = undefined
    closed.hidden = true
    view.hidden = false
    byId('patient-heading').textContent = patientName(row)
    byId('patient-access').textContent = `${row.scope === 'write' ? 'Read and write' : 'Read-only'} access until ${formatWhen(new Date(row.until).toISOString())} · patient id ${row.patient}`
    const readOnly = byId('read-only')
    const writable = row.scope === 'write' && row.state === 'active'
    readOnly.hidden = writable
    readOnly.textContent = writable ? '' : `${patientName(row)} granted this clinic read access only: it may read the notebook but not add to it, so there are no forms. The patient can grant write access from their consent page.`
    byId('forms').replaceChildren(...(writable ? CLINIC_FORMS.map(spec => new EntryForm(spec, () => api, onAdded, report).element) : []))
  }
  const onAdded = async (entry: Entry): Promise<void> => {
    added = entry.id
    await refreshNotebook()
  }

  const list = new PatientList(row => {
    show(row)
    refreshNotebook().catch(report)
  })
  const refreshList = async (): Promise<void> => {
    // A practitioner's node learns the clinic's signed name from the relay once they sync: asked each time.
    const [{ patients }, names, peers] = await Promise.all([api.patients(), api.names(), api.peers()])
    byId('who').textContent = names[who.party] ?? `Clinic ${short(who.party)}`
    // What this node holds for its patients, as `techo peers` says it: a relay's load at a glance.
    byId('node-load').textContent = peers.load === undefined ? '' : loadWords(peers.load)
    const row = open === undefined ? undefined : patients.find(p => p.patient === open?.patient)
    if (open !== undefined && row?.state !== 'active') close(row)
    list.show(patients, open?.patient)
  }
  const chart = new ChartPanel(api, kinds, () => { refreshNotebook().catch(report) })
  const entries = new EntriesPanel(api, kinds, (party, known) => party === who.party ? 'This clinic' : party === open?.patient ? 'Patient' : known[party] ?? `Clinic ${short(party)}`)

  api.card().then(card => {
    drawQr(byId('qr'), card.modules, `QR code of ${card.uri}`)
    byId('qr-uri').textContent = card.uri
  }).catch(report)

  const tick = async (refresh: () => Promise<void>): Promise<void> => {
    try {
      await refresh()
      connection(true, 'Connected to this clinic node')
      notice(undefined)
    } catch (err) {
      // A grant that ended between two refreshes of the list: the notebook read says so first, and
      // the list says how it ended (revoked or expired).
      if (errorCode(err) === 'ERR_ACCESS_REVOKED') await api.patients().then(({ patients }) => close(patients.find(p => p.patient === open?.patient)), report)
      else report(err)
    }
  }
  await tick(refreshList)
  setInterval(() => { void tick(refreshList) }, LIST_REFRESH_MS)
  setInterval(() => { void tick(refreshNotebook) }, NOTEBOOK_REFRESH_MS)
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') void tick(async () => { await refreshList(); await refreshNotebook() }) })
}

const token = takeToken()
if (token === undefined) {
  notice('Open the clinic workspace with the link `techo serve` printed: it carries the access token.')
  connection(false, DAEMON_DOWN)
} else {
  let patient: string | undefined
  start(connect(token, () => patient), chosen => { patient = chosen }).catch(report)
}
