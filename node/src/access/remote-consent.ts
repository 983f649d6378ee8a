// ConsentAccess through a running `techo serve` daemon: it signs with the keys it unlocked and
// records grants in the notebook it owns, so a patient can grant and revoke while serving.
import type { ConsentEvent, DeviceRole, Scope } from '@techo/ledger'
import type { ActionSummary, ConsentAccess, GrantRow } from './consent-access.js'
import type { DaemonClient } from './daemon-client.js'
import type { WhoAmI } from './notebook-access.js'

/** Serves a ConsentAccess from the daemon at `daemon`. */
export function remoteConsent (daemon: DaemonClient): ConsentAccess {
  const post = async <T>(path: string, body: object): Promise<T> => await daemon.call<T>('POST', `/api/consent/${path}`, body)
  return {
    whoami: async () => await daemon.call<WhoAmI>('GET', '/api/whoami'),
    registerClinic: async (name, address) => await post<ActionSummary[]>('register', { name, ...(address === undefined ? {} : { address }) }),
    approveDevice: async (code: string, role: DeviceRole) => await post<ActionSummary>('approve-device', { code, role }),
    revokeDevice: async peerId => await post<ActionSummary>('revoke-device', { peerId }),
    grant: async (clinic: string, scope: Scope, until: number) => await post<ActionSummary>('grant', { clinic, scope, until }),
    revoke: async clinic => await post<ActionSummary>('revoke', { clinic }),
    grants: async () => await daemon.call<GrantRow[]>('GET', '/api/consent/grants'),
    history: async () => await daemon.call<ConsentEvent[]>('GET', '/api/consent/history')
  }
}
