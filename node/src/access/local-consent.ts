// Consent on the chain from this process: the party's master key signs each payload; the
// configured sponsor publishes and pays. A device is approved with its proof of possession: this
// device's own (it holds its key), or another's approval code.
import { deviceKeyFromBytes } from '@techo/identity'
import { Ledger, parseDeviceApprovalCode, type LedgerConfig } from '@techo/ledger'
import { CliError, EXIT } from '../cli/exit.js'
import { type LocalSession } from '../session/session.js'
import { clinicNames, keepProfile, signProfile } from './clinic-profile.js'
import { isClinicUri, parseClinicUri, type ClinicCard } from './clinic-uri.js'
import type { ActionSummary, ConsentAccess } from './consent-access.js'
import { ownDeviceRole } from './device-code.js'

/** What a patient's node does with a clinic's card once it granted the clinic from its URI (a daemon connects to its relay). */
export type CardHandler = (card: ClinicCard) => Promise<void>

/** ConsentAccess for the party whose keystore the session holds, and `enrol`: this party registered and this device approved, as needed. */
export function localConsent (s: LocalSession, config: LedgerConfig, onCard: CardHandler = async () => {}): ConsentAccess & { enrol: () => Promise<ActionSummary[]> } {
  const ledger = new Ledger(config)
  const thisDevice = deviceKeyFromBytes(s.keystore.device)
  const seed = (): Uint8Array => {
    if (s.keystore.masterSeed === undefined) {
      throw new CliError('This device does not hold its party\'s master key, so it cannot sign consent.', 'ERR_NOT_AUTHORISED', EXIT.refused)
    }
    return s.keystore.masterSeed
  }
  const { party, role, peerId } = s.self

  const register = async (): Promise<ActionSummary[]> => {
    const done: ActionSummary[] = []
    const existing = await ledger.party(party)
    if (existing !== undefined && existing.kind !== role) {
      throw new CliError(`This key is registered on chain as a ${existing.kind}, not a ${role}.`, 'ERR_REFUSED', EXIT.refused)
    }
    if (existing === undefined) {
      const r = await ledger.registerParty(seed(), role)
      done.push({ tx: r.txHash, said: `Registered ${role} ${party} on chain.` })
    }
    const device = await ledger.device(peerId)
    if (device?.active !== true) {
      const ownRole = ownDeviceRole(s.keystore)
      const r = await ledger.approveDevice(seed(), thisDevice, ownRole)
      done.push({ tx: r.txHash, said: `Approved this device ${peerId} as ${ownRole}.` })
    }
    return done
  }

  const notebookId = (): string => s.ownNotebook().id

  return {
    whoami: async () => ({ party, role, peerId, ...(s.notebook === undefined ? {} : { notebook: s.notebook.id }) }),
    registerClinic: async (name, address) => {
      if (role !== 'clinic') throw new CliError('This data directory belongs to a patient; create a clinic with `techo init --party clinic`.', 'ERR_NOT_CLINIC', EXIT.badInput)
      const signed = signProfile(seed(), { clinic: party, name, at: new Date().toISOString(), ...(address === undefined ? {} : { address }) })
      if (await keepProfile(s.vault, signed) === undefined) throw new CliError('The clinic\'s name must be 1 to 120 characters and its address 1 to 300, without control characters.', 'ERR_BAD_FIELD', EXIT.badInput)
      const done = await register()
      await s.vault.consent.put('self/profile', { name })
      return done
    },
    enrol: register,
    approveDevice: async (code, deviceRole) => {
      const device = code === peerId ? thisDevice : parseDeviceApprovalCode(code)
      await register()
      const r = await ledger.approveDevice(seed(), device, deviceRole)
      await s.vault.audit.append(s.event('approve', `approved device ${r.event.device} as ${deviceRole} (tx ${r.txHash})`))
      return { tx: r.txHash, said: `Approved device ${r.event.device} as ${deviceRole}.` }
    },
    revokeDevice: async device => {
      const r = await ledger.revokeDevice(seed(), device)
      await s.vault.audit.append(s.event('revoke-device', `revoked device ${device} (tx ${r.txHash})`))
      return { tx: r.txHash, said: `Revoked device ${device}; it is refused from the next block.` }
    },
    grant: async (given, scope, until) => {
      const card = isClinicUri(given) ? parseClinicUri(given) : undefined
      const clinic = card?.clinic ?? given
      const clinicRecord = await ledger.party(clinic)
      if (clinicRecord?.kind !== 'clinic') {
        throw new CliError(`${clinic} is not a clinic registered on this chain; check the id (the clinic's QR code or \`techo clinic register\` output shows it).`, 'ERR_NOT_REGISTERED', EXIT.refused)
      }
      await register()
      const r = await ledger.grant(seed(), { clinic, notebook: notebookId(), scope, until })
      s.ownNotebook().recordConsent({ clinic, scope, expires: new Date(until).toISOString(), status: 'active', tx: r.txHash })
      // The name the link carries (signed), or the one this node already knows.
      const name = (card?.profile === undefined ? undefined : (await keepProfile(s.vault, card.profile))?.name) ?? (await clinicNames(s.vault))[clinic]
      await s.commit([s.event('grant', `granted ${scope} access to ${named(clinic, name)} until ${new Date(until).toISOString()} (tx ${r.txHash})`)])
      if (card !== undefined) await onCard(card)
      return { tx: r.txHash, said: `Granted ${named(clinic, name)} ${scope} access to your notebook until ${new Date(until).toISOString()}.` }
    },
    revoke: async given => {
      const clinic = isClinicUri(given) ? parseClinicUri(given).clinic : given
      const current = await ledger.grant(notebookId(), clinic)
      if (current === undefined || current.revoked) {
        throw new CliError(`Clinic ${clinic} holds no grant on your notebook, so there is nothing to revoke.`, 'ERR_NO_GRANT', EXIT.refused)
      }
      const r = await ledger.revoke(seed(), { clinic, notebook: notebookId() })
      s.ownNotebook().recordConsent({ clinic, scope: current.scope, expires: new Date(current.until).toISOString(), status: 'revoked', tx: r.txHash })
      const name = (await clinicNames(s.vault))[clinic]
      await s.commit([s.event('revoke', `revoked the grant of ${named(clinic, name)} (tx ${r.txHash})`)])
      return { tx: r.txHash, said: `Revoked ${named(clinic, name)}'s access from the next block.` }
    },
    grants: async () => {
      const names = await clinicNames(s.vault)
      const rows = role === 'patient'
        ? (await ledger.grants(notebookId())).map(g => ({ ...g, notebook: notebookId() }))
        : (await ledger.grantsForClinic(party)).map(g => ({ ...g, clinic: party }))
      return rows.map(g => names[g.clinic] === undefined ? g : { ...g, clinicName: names[g.clinic] })
    },
    history: async () => await ledger.history(party)
  }
}

/** A clinic as a sentence names it: "Sakura Clinic (7w34Yndq…)", or its id alone when its name is not known. */
function named (clinic: string, name: string | undefined): string {
  return name === undefined ? `clinic ${clinic}` : `${name} (${clinic})`
}
