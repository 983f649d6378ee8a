// The audit log (the last 30 days, newest first) and the status of this node.
import type { Api, WhoAmI } from './api.js'
import { byId, h } from './dom.js'
import { formatDuration, formatWhen, short } from './format.js'

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

/** Fetches and shows this node's identity, addresses, uptime, consent chain, sync sessions and grants. */
export async function refreshStatus (api: Api, who: WhoAmI): Promise<void> {
  const status = await api.status()
  const [peers, grants] = await Promise.all([api.peers(), status.sync.following ? api.grants() : Promise.resolve(undefined)])
  const item = (term: string, ...detail: Array<Node | string>): Node[] => [h('dt', {}, term), h('dd', {}, ...detail)]
  const list = (lines: string[], empty: string): Node | string => lines.length === 0 ? empty : h('ul', {}, ...lines.map(l => h('li', {}, l)))
  const sync = status.sync
  byId('status').replaceChildren(
    ...item('Role', status.role),
    ...item('Consent chain', h('span', { class: 'mono' }, status.chain), sync.following
      ? ` — following, block ${sync.block ?? 0}`
      : ` — not answering yet${sync.problem === undefined ? '' : ` (${sync.problem})`}; sync starts once it does`),
    ...item('Syncing with', list(peers.sessions.map(s =>
      `${s.kind ?? 'device'} ${short(s.party ?? s.peer)} (device …${s.peer.slice(-6)}, ${s.access}): ${s.inSync ? 'in sync' : 'syncing'}`), 'no one right now')),
    ...(grants === undefined
      ? []
      : item(who.role === 'patient' ? 'Clinics with access' : 'Patients who granted access', list(grants.map(g =>
        `${who.role === 'patient' ? g.clinicName ?? short(g.clinic) : short(g.patient)}: ${g.scope} until ${formatWhen(new Date(g.until).toISOString())} (${g.revoked ? 'revoked' : g.active ? 'active' : 'expired'})`), 'none'))),
    ...item('Peer ID', h('span', { class: 'mono', id: 'peer-id' }, status.peerId)),
    ...item('Addresses', status.addresses.length === 0
      ? 'none (not listening)'
      : h('ul', {}, ...status.addresses.map(a => h('li', { class: 'mono' }, a)))),
    ...item('Running for', `${formatDuration(status.uptimeSeconds)} (since ${formatWhen(status.startedAt)})`),
    ...item(who.role === 'patient' ? 'Patient ID' : 'Clinic ID', h('span', { class: 'mono' }, who.party)),
    ...(who.notebook === undefined ? [] : item('Notebook', h('span', { class: 'mono' }, who.notebook)))
  )
}
