// The daemon's API as the page uses it: the same client the CLI uses (remoteAccess), so errors
// carry the same codes and sentences. The token arrives in the URL fragment, which browsers never
// send to a server; it is kept for this tab only and removed from the address bar.
import type { VitalKind, VitalSpec } from '@techo/notebook'
import type { NotebookAccess, WhoAmI } from '../../src/access.js'
import type { GrantRow } from '../../src/consent-access.js'
import type { DaemonStatus } from '../../src/daemon/routes.js'
import type { PeersAnswer } from '../../src/daemon/sync-routes.js'
import { callDaemon, remoteAccess, type DaemonEndpoint } from '../../src/remote-access.js'

export type { DaemonStatus, GrantRow, PeersAnswer, WhoAmI }
export type VitalKinds = Record<VitalKind, VitalSpec>

/** The notebook operations plus what only the daemon knows: its status, sync sessions, grants and the vital kinds. */
export interface Api extends NotebookAccess {
  status: () => Promise<DaemonStatus>
  peers: () => Promise<PeersAnswer>
  grants: () => Promise<GrantRow[]>
  vitalKinds: () => Promise<VitalKinds>
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

/** The API of the daemon that served this page. */
export function connect (token: string): Api {
  const daemon: DaemonEndpoint = { url: location.origin, token }
  return {
    ...remoteAccess(daemon),
    status: async () => await callDaemon<DaemonStatus>(daemon, 'GET', '/api/status'),
    peers: async () => await callDaemon<PeersAnswer>(daemon, 'GET', '/api/peers'),
    grants: async () => await callDaemon<GrantRow[]>(daemon, 'GET', '/api/consent/grants'),
    vitalKinds: async () => await callDaemon<VitalKinds>(daemon, 'GET', '/api/vital-kinds')
  }
}

/** The stable code of an error the daemon answered with, or undefined for anything else. */
export function errorCode (err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
