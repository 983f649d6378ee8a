// The audit log (the last 30 days, newest first) and the status of this node.
import type { Api, WhoAmI } from './api.js'
import { byId, h } from './dom.js'
import { formatDuration, formatWhen } from './format.js'

const AUDIT_DAYS = 30
const MAX_AUDIT_ROWS = 200

/** Fetches and shows the audit log of the last 30 days. */
export async function refreshAudit (api: Api): Promise<void> {
  const since = new Date(Date.now() - AUDIT_DAYS * 86_400_000).toISOString()
  const events = (await api.audit({ since })).reverse().slice(0, MAX_AUDIT_ROWS)
  const rows = (byId<HTMLTableElement>('audit').tBodies[0] as HTMLTableSectionElement)
  rows.replaceChildren(...(events.length === 0
    ? [h('tr', {}, h('td', { class: 'empty', colspan: 3 }, 'No events in the last 30 days.'))]
    : events.map(e => h('tr', {},
      h('td', { class: 'when' }, formatWhen(e.at)),
      h('td', {}, h('span', { class: 'kind' }, e.kind)),
      h('td', {}, e.detail)))))
}

/** Fetches and shows this node's identity, addresses and uptime. */
export async function refreshStatus (api: Api, who: WhoAmI): Promise<void> {
  const status = await api.status()
  const item = (term: string, ...detail: Array<Node | string>): Node[] => [h('dt', {}, term), h('dd', {}, ...detail)]
  byId('status').replaceChildren(
    ...item('Role', status.role),
    ...item('Peer ID', h('span', { class: 'mono', id: 'peer-id' }, status.peerId)),
    ...item('Addresses', status.addresses.length === 0
      ? 'none (not listening)'
      : h('ul', {}, ...status.addresses.map(a => h('li', { class: 'mono' }, a)))),
    ...item('Running for', `${formatDuration(status.uptimeSeconds)} (since ${formatWhen(status.startedAt)})`),
    ...item(who.role === 'patient' ? 'Patient ID' : 'Clinic ID', h('span', { class: 'mono' }, who.party)),
    ...(who.notebook === undefined ? [] : item('Notebook', h('span', { class: 'mono' }, who.notebook)))
  )
}
