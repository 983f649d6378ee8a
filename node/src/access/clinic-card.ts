// This clinic's card: what its QR code carries (its id, its signed name, its relay and the relay's
// addresses), built by the node that shows it.
import { CliError, EXIT } from '../cli/exit.js'
import type { LocalSession } from '../session/session.js'
import { signedProfile } from './clinic-profile.js'
import { clinicUri, type ClinicCard } from './clinic-uri.js'

/** The card and its URI, as `techo qr` and the clinic workspace show them. */
export interface CardAnswer extends ClinicCard { uri: string, name?: string }

/** This clinic's card; `addresses` are the relay's listen addresses when this node serves as the relay. */
export async function clinicCard (s: LocalSession, addresses: string[]): Promise<CardAnswer> {
  if (s.self.role !== 'clinic') throw new CliError('This data directory belongs to a patient: `techo qr` shows a clinic\'s code, which patients scan to grant it access.', 'ERR_NOT_CLINIC', EXIT.badInput)
  const profile = await signedProfile(s.vault, s.self.party)
  const name = (await s.vault.consent.get('self/profile') as { name?: string } | undefined)?.name
  // Only the node with the master key runs as the clinic's relay; a practitioner's device names none.
  const relay = s.keystore.masterSeed === undefined ? undefined : s.self.peerId
  const card: ClinicCard = { clinic: s.self.party, ...(profile === undefined ? {} : { profile }), ...(relay === undefined ? {} : { relay }), addresses: relay === undefined ? [] : addresses }
  return { ...card, uri: clinicUri(card), ...(name === undefined ? {} : { name }) }
}
