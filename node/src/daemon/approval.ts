// What the daemon says about this device's approval on the consent chain. Peers refuse a device the
// chain does not approve, and the only sign of it used to be a sync stream that failed with no
// reason. Now the daemon says so in words when it starts following the chain, with the exact
// command that approves it, and again when the approval lands or is withdrawn.
import type { LedgerView } from '@techo/ledger'
import type { ChainConfig } from '../cli/chain-settings.js'
import { approveCommand, deviceCodeFor, ownDeviceRole } from '../access/device-code.js'
import { describeError } from '../cli/exit.js'
import type { LocalSession } from '../session/session.js'

/** Says whether this device is approved now and whenever that changes; `approved()` answers at any time. */
export async function watchApproval (view: LedgerView, session: LocalSession, chain: ChainConfig, say: (line: string) => void): Promise<{ approved: () => boolean }> {
  const { peerId, party } = session.self
  const role = ownDeviceRole(session.keystore)
  const approved = (): boolean => view.isApprovedDevice(peerId)
  view.on('approveDevice', e => { if (e.device === peerId) say(`This device is now approved on the consent chain as ${e.role}; peers accept it.`) })
  view.on('revokeDevice', e => { if (e.device === peerId) say('This device\'s approval was withdrawn on the consent chain: peers refuse it from now on.') })
  if (approved()) return { approved }
  const why = view.device(peerId)?.active === false ? 'its approval was withdrawn' : 'it is not approved'
  if (session.keystore.masterSeed !== undefined) {
    const also = session.keystore.party === 'patient' ? ' (a first `techo grant` does it too)' : ' (`techo clinic register` does it too)'
    say(`This device (${peerId}) cannot sync yet: ${why} on the consent chain, so peers refuse it. Approve it with: techo device approve ${peerId} --role ${role} --data ${session.dataDir}${also}`)
    return { approved }
  }
  const code = await deviceCodeFor(session.keystore, chain, chain.chainId).catch((err: unknown) => new Error(describeError(err)))
  say(code instanceof Error
    ? `This device (${peerId}) cannot sync yet: ${why} on the consent chain for ${party}, so peers refuse it. Run \`techo device code\` and give the clinic the command it prints.`
    : `This device (${peerId}) cannot sync yet: ${why} on the consent chain for ${party}, so peers refuse it. Ask the clinic to run, on the node that holds its master key: ${approveCommand(code)}`)
  return { approved }
}
