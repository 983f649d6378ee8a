// The API's consent routes: the consent commands through the daemon, which signs with the keys it
// unlocked and records each grant in the notebook it owns. Bodies are checked for their shape
// here; the ledger checks every id, scope and time before anything is signed.
import { HttpError } from '@techo/http-server'
import { DEVICE_ROLES, SCOPES, type DeviceRole, type Scope } from '@techo/ledger'
import { type ConsentAccess } from '../access/consent-access.js'
import type { DeviceCode } from '../access/device-code.js'
import { objectBody, type ApiRoute } from './routes.js'

const CONSENT_BODY_LIMIT = 4 * 1024

/** The routes of `consent`, under /api/consent/, and /api/device-code: this device's approval code. */
export function consentRoutes (consent: ConsentAccess, deviceCode: () => Promise<DeviceCode>): ApiRoute[] {
  const post = (name: string, act: (body: Record<string, unknown>) => Promise<unknown>): ApiRoute =>
    ({ method: 'POST', path: `/api/consent/${name}`, maxBody: CONSENT_BODY_LIMIT, handle: async ({ body }) => await act(objectBody(body)) })
  return [
    post('register', async b => await consent.registerClinic(text(b, 'name'), b.address === undefined ? undefined : text(b, 'address'))),
    post('approve-device', async b => await consent.approveDevice(text(b, 'code'), oneOf(b, 'role', DEVICE_ROLES))),
    post('revoke-device', async b => await consent.revokeDevice(text(b, 'peerId'))),
    post('grant', async b => await consent.grant(text(b, 'clinic'), oneOf(b, 'scope', SCOPES), time(b, 'until'))),
    post('revoke', async b => await consent.revoke(text(b, 'clinic'))),
    { method: 'GET', path: '/api/consent/grants', handle: async () => await consent.grants() },
    { method: 'GET', path: '/api/consent/history', handle: async () => await consent.history() },
    { method: 'GET', path: '/api/device-code', handle: deviceCode }
  ]
}

function text (body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string' || value.trim() === '') throw badField(`"${name}" must be a non-empty string`)
  return value.trim()
}

function oneOf<T extends DeviceRole | Scope> (body: Record<string, unknown>, name: string, allowed: readonly T[]): T {
  const value = body[name]
  const found = allowed.find(a => a === value)
  if (found === undefined) throw badField(`"${name}" must be one of ${allowed.join(', ')}`)
  return found
}

function time (body: Record<string, unknown>, name: string): number {
  const value = body[name]
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw badField(`"${name}" must be a time in milliseconds since 1970`)
  return value
}

function badField (what: string): HttpError {
  return new HttpError(400, 'ERR_BAD_FIELD', `In the request body, ${what}.`)
}
