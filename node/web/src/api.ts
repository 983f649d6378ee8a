// The daemon's API as the page uses it: the same client the CLI uses (remoteAccess over
// daemonClient, here sending with fetch), so errors carry the same codes and sentences. The token
// arrives in the URL fragment, which browsers never send to a server; it is kept for this tab only
// and removed from the address bar.
import type { VitalKind, VitalSpec } from '@techo/notebook'
import type { CardAnswer } from '../../src/access/clinic-card.js'
import type { ConsentAccess, GrantRow } from '../../src/access/consent-access.js'
import { daemonClient, type HttpSend } from '../../src/access/daemon-client.js'
import type { NotebookAccess, WhoAmI } from '../../src/access/notebook-access.js'
import { remoteConsent } from '../../src/access/remote-consent.js'
import { remoteAccess } from '../../src/access/remote-notebook.js'
import type { PatientsAnswer } from '../../src/daemon/clinic-routes.js'
import type { DaemonStatus } from '../../src/daemon/routes.js'
import type { PeersAnswer } from '../../src/daemon/sync-routes.js'

export type { CardAnswer, DaemonStatus, GrantRow, PatientsAnswer, PeersAnswer, WhoAmI }
export type VitalKinds = Record<VitalKind, VitalSpec>

/** The notebook operations plus what only the daemon knows: its status, sync sessions, consent, the clinic's patients and card, the vital kinds. */
export interface Api extends NotebookAccess {
  status: () => Promise<DaemonStatus>
  peers: () => Promise<PeersAnswer>
  grants: () => Promise<GrantRow[]>
  vitalKinds: () => Promise<VitalKinds>
  consent: Pick<ConsentAccess, 'grant' | 'revoke'>
  /** On a clinic node: the patients who granted it access. */
  patients: () => Promise<PatientsAnswer>
  /** On a clinic node: its card, with the QR code's modules. */
  card: () => Promise<CardAnswer & { modules: string[] }>
}

const TOKEN_KEY = 'techo-token'

/** The token from the fragment (then hidden) or from earlier in this tab; undefined if neither. */
export function takeToken (): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]))
    history.replaceState(null, '', location.pathname + location.search)
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined
}

const fetchSend: HttpSend = async (url, req) => {
  const res = await fetch(url, {
    method: req.method,
    headers: { authorization: `Bearer ${req.token}`, ...(req.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) })
  })
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text: async () => await res.text(),
    chunks: () => res.body as unknown as AsyncIterable<Uint8Array>
  }
}

/** The API of the daemon that served this page; on a clinic node, notebook calls go to the patient `patient()` names. */
export function connect (token: string, patient?: () => string | undefined): Api {
  const daemon = daemonClient({ url: location.origin, token }, fetchSend)
  return {
    ...remoteAccess(daemon, patient),
    consent: remoteConsent(daemon),
    patients: async () => await daemon.call<PatientsAnswer>('GET', '/api/patients'),
    card: async () => await daemon.call<CardAnswer & { modules: string[] }>('GET', '/api/clinic/card'),
    status: async () => await daemon.call<DaemonStatus>('GET', '/api/status'),
    peers: async () => await daemon.call<PeersAnswer>('GET', '/api/peers'),
    grants: async () => await daemon.call<GrantRow[]>('GET', '/api/consent/grants'),
    vitalKinds: async () => await daemon.call<VitalKinds>('GET', '/api/vital-kinds')
  }
}

/** The stable code of an error the daemon answered with, or undefined for anything else. */
export function errorCode (err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
