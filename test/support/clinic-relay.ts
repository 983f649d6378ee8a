// What the phone tests start from: a dev chain with the consent contract, a clinic registered on it
// as Sakura Clinic, and the clinic's relay (`techo serve` on its data directory, with `serveArgs`).
import { startDevChain, type DevChain } from '@techo/devchain'
import { deployConsentContract } from '@techo/ledger'
import * as assert from 'uvu/assert'
import { api, initParty, removeDir, serve, techo, type Served } from './techo.js'

export interface ClinicRelay {
  chain: DevChain
  /** The clinic's data directory and id. */
  dir: string
  id: string
  relay: Served
  /** Stops the relay (if still running) and the chain, and removes the data directory. */
  stop: () => Promise<void>
}

/** Starts the chain, registers the clinic and serves its relay; what started is stopped again if a later step fails. */
export async function startClinicRelay (serveArgs: string[] = []): Promise<ClinicRelay> {
  const chain = await startDevChain({ port: 0, blockIntervalMs: 100 })
  let dir = ''
  try {
    await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: { account: chain.admin.account, secretKey: chain.admin.secretKey } })
    const env = { TECHO_CHAIN: chain.url }
    const clinic = await initParty({ party: 'clinic' })
    dir = clinic.dir
    const registered = await techo(dir, ['clinic', 'register', '--name', 'Sakura Clinic'], { passphrase: true, env })
    assert.is(registered.code, 0, registered.stderr)
    const relay = await serve(dir, serveArgs, { env })
    return {
      chain,
      dir,
      id: clinic.party,
      relay,
      stop: async () => {
        await relay.stop('SIGTERM')
        await chain.close()
        removeDir(dir)
      }
    }
  } catch (err) {
    await chain.close()
    if (dir !== '') removeDir(dir)
    throw err
  }
}

/** True once the relay's replica of `patient`'s notebook holds the blood pressure reading `systolic`/`diastolic`. */
export async function relayHasReading (relay: Served, patient: string, systolic: number, diastolic: number): Promise<boolean> {
  const { status, json } = await api(relay.info, 'GET', `/api/entries?type=vital&kind=bp&patient=${patient}`)
  return status === 200 && (json as Array<{ systolic?: number, diastolic?: number }>).some(e => e.systolic === systolic && e.diastolic === diastolic)
}
