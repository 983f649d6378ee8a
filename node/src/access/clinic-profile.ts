// A clinic's name (and, optionally, its address) as patients see it: a payload signed by the clinic's
// master key, so whoever carries it (a QR code, a relay, another device) cannot change it. It never
// goes on chain; nodes keep the profiles they have checked in their vault, the newest per clinic.
import { canonicalize, signPayload, verifyPayload, type SignedPayload } from '@techo/identity'
import type { Vault } from '@techo/vault'

/** What a clinic says about itself. */
export interface ClinicProfile { clinic: string, name: string, address?: string, at: string }

const TYPE = 'techo/clinic-profile/v1'
const MAX_NAME = 120
const MAX_ADDRESS = 300
const PREFIX = 'profiles/'

/** The clinic's profile signed with its master key `seed` (whose id must be `profile.clinic`). */
export function signProfile (seed: Uint8Array, profile: ClinicProfile): SignedPayload {
  return signPayload(seed, { type: TYPE, ...profile })
}

/** The signed payload of `profile` with its clinic's `signature`, as a URI that carries only the fields rebuilds it. */
export function profileWithSignature (profile: ClinicProfile, signature: string): SignedPayload {
  return { payload: canonicalize({ type: TYPE, ...profile }), signature, signer: profile.clinic }
}

/** The profile `signed` carries if its clinic's key signed it and its fields are sound; undefined otherwise. */
export function checkProfile (signed: unknown): ClinicProfile | undefined {
  const s = signed as Partial<SignedPayload> | null
  if (typeof s?.payload !== 'string' || typeof s.signature !== 'string' || typeof s.signer !== 'string' || s.payload.length > 2000) return undefined
  if (!verifyPayload(s as SignedPayload)) return undefined
  let p: Record<string, unknown>
  try {
    p = JSON.parse(s.payload) as Record<string, unknown>
  } catch {
    return undefined
  }
  const { type, clinic, name, address, at } = p
  if (type !== TYPE || clinic !== s.signer || typeof name !== 'string' || !fits(name, MAX_NAME) || typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined
  if (address !== undefined && (typeof address !== 'string' || !fits(address, MAX_ADDRESS))) return undefined
  return { clinic, name, at, ...(address === undefined ? {} : { address }) }
}

/** Keeps `signed` in the vault if it checks out and is newer than the one kept; resolves to the profile kept now. */
export async function keepProfile (vault: Vault, signed: SignedPayload): Promise<ClinicProfile | undefined> {
  const profile = checkProfile(signed)
  if (profile === undefined) return undefined
  const kept = await signedProfile(vault, profile.clinic)
  const current = kept === undefined ? undefined : checkProfile(kept)
  if (current !== undefined && Date.parse(current.at) >= Date.parse(profile.at)) return current
  await vault.consent.put(PREFIX + profile.clinic, signed as unknown as Record<string, string>)
  return profile
}

/** The signed profile of `clinic` this vault keeps, if any. */
export async function signedProfile (vault: Vault, clinic: string): Promise<SignedPayload | undefined> {
  return await vault.consent.get(PREFIX + clinic) as SignedPayload | undefined
}

/** The names of every clinic whose profile this vault keeps, by clinic id. */
export async function clinicNames (vault: Vault): Promise<Record<string, string>> {
  const names: Record<string, string> = {}
  for (const { value } of await vault.consent.list(PREFIX)) {
    const profile = checkProfile(value)
    if (profile !== undefined) names[profile.clinic] = profile.name
  }
  return names
}

function fits (text: string, max: number): boolean {
  return text.trim() !== '' && text.length <= max && !/[\u0000-\u001f]/.test(text)
}
