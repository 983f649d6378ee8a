// The `techo://clinic/<id>` URI a clinic's QR code carries: the clinic's id, its signed name (the
// profile's fields and signature), and its relay's PeerId and addresses, so a patient's node can
// grant the clinic, show its name at once and connect to its relay. Anyone can make such a URI;
// the name counts only if the clinic's key signed it, and the grant only if the clinic is on chain.
import { isPartyId, type SignedPayload } from '@techo/identity'
import { CliError, EXIT } from '../cli/exit.js'
import { checkProfile, profileWithSignature, type ClinicProfile } from './clinic-profile.js'

/** What a clinic's URI says. */
export interface ClinicCard {
  clinic: string
  /** The clinic's signed profile, when the URI carries one that checks out. */
  profile?: SignedPayload
  /** The relay's PeerId and its libp2p addresses (each ending in /p2p/<relay>). */
  relay?: string
  addresses: string[]
}

const SCHEME = 'techo://clinic/'
const MAX_URI = 2000

/** The URI of `card`; the profile's fields travel as parameters beside its signature. */
export function clinicUri (card: ClinicCard): string {
  const params = new URLSearchParams()
  const profile = card.profile === undefined ? undefined : checkProfile(card.profile)
  if (profile !== undefined && card.profile !== undefined) {
    params.set('name', profile.name)
    if (profile.address !== undefined) params.set('address', profile.address)
    params.set('at', profile.at)
    params.set('sig', card.profile.signature)
  }
  if (card.relay !== undefined) params.set('relay', card.relay)
  for (const a of card.addresses) params.append('addr', a)
  const query = params.toString()
  return SCHEME + card.clinic + (query === '' ? '' : `?${query}`)
}

/** True when `text` looks like a clinic URI rather than a bare clinic id. */
export function isClinicUri (text: string): boolean {
  return text.trim().toLowerCase().startsWith('techo:')
}

/** Reads a clinic URI; a malformed one is a clear error, a profile whose signature fails is left out. */
export function parseClinicUri (text: string): ClinicCard {
  const uri = text.trim()
  if (uri.length > MAX_URI || !uri.startsWith(SCHEME)) throw bad(uri, `it must start with ${SCHEME}`)
  const [path = '', query = ''] = uri.slice(SCHEME.length).split('?', 2)
  const clinic = decodeURIComponent(path.replace(/\/$/, ''))
  if (!isPartyId(clinic)) throw bad(uri, `${JSON.stringify(clinic)} is not a clinic id`)
  const params = new URLSearchParams(query)
  const relay = params.get('relay') ?? undefined
  const addresses = params.getAll('addr')
  if (addresses.some(a => !a.startsWith('/') || (relay !== undefined && !a.endsWith(`/p2p/${relay}`)))) throw bad(uri, 'its relay addresses must be multiaddrs ending in /p2p/<relay>')
  return { clinic, ...profileFrom(clinic, params), ...(relay === undefined ? {} : { relay }), addresses }
}

// The signed payload rebuilt from the URI's fields, kept only if the clinic's signature covers it.
function profileFrom (clinic: string, params: URLSearchParams): { profile?: SignedPayload } {
  const name = params.get('name')
  const at = params.get('at')
  const signature = params.get('sig')
  if (name === null || at === null || signature === null) return {}
  const address = params.get('address') ?? undefined
  const fields: ClinicProfile = { clinic, name, at, ...(address === undefined ? {} : { address }) }
  const signed = profileWithSignature(fields, signature)
  return checkProfile(signed) === undefined ? {} : { profile: signed }
}

function bad (uri: string, why: string): CliError {
  return new CliError(`${JSON.stringify(uri.slice(0, 80))} is not a clinic's techo:// URI: ${why}.`, 'ERR_BAD_URI', EXIT.badInput)
}
