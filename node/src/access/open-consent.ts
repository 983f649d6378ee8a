// Consent access for the consent commands: through the running daemon (which owns the database and
// signs with the keys it unlocked), or from a session opened in this process. Loaded as needed.
import { chainConfig, chainLocation, type ChainFlags } from '../cli/chain-settings.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'
import type { DaemonStatus } from '../daemon/routes.js'
import type { ConsentAccess } from './consent-access.js'

/** Runs `work` with this party's consent access: through its running daemon if one answers, else in this process. */
export async function withConsent<T> (opts: GlobalOptions & ChainFlags, work: (c: ConsentAccess) => Promise<T>): Promise<T> {
  const dataDir = dataDirFrom(opts.data)
  const client = await (await import('./live-daemon.js')).liveDaemonClient(dataDir)
  if (client !== undefined) {
    const { remoteConsent } = await import('./remote-consent.js')
    // The daemon signs on the chain it follows; a command naming another must not be served by it silently.
    if (opts.chain !== undefined) {
      const wanted = chainLocation(opts, dataDir).url
      const { chain } = await client.call<DaemonStatus>('GET', '/api/status')
      if (chain !== wanted) {
        throw new CliError(`The techo daemon serving ${dataDir} follows the chain at ${chain}, not ${wanted}; drop --chain, or stop the daemon first.`, 'ERR_OTHER_CHAIN', EXIT.badInput)
      }
    }
    return await work(remoteConsent(client))
  }
  const config = await chainConfig(opts, dataDir)
  const [{ withSession }, { localConsent }] = await Promise.all([import('../session/session.js'), import('./local-consent.js')])
  return await withSession(opts, async s => await work(localConsent(s, config)))
}
