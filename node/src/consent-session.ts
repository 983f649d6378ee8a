// Consent access for the consent commands: through the running daemon (which owns the database and
// signs with the keys it unlocked), or from a session opened in this process.
import { type Command } from 'commander'
import { chainConfig, chainLocation, type ChainFlags } from './chain-settings.js'
import { dataDirFrom } from './config.js'
import { localConsent, type ConsentAccess } from './consent-access.js'
import { findLiveDaemon } from './daemon/daemon-file.js'
import { type DaemonStatus } from './daemon/routes.js'
import { CliError, EXIT } from './exit.js'
import { callDaemon } from './remote-access.js'
import { remoteConsent } from './remote-consent.js'
import { type GlobalOptions, withSession } from './session.js'

/** Adds the chain-selection options every consent command takes. */
export function withChainOptions (cmd: Command): Command {
  return cmd
    .option('--chain <url>', 'the IOST node or dev chain (default: $TECHO_CHAIN or http://127.0.0.1:30001)')
    .option('--contract <id>', 'the consent contract id or linked name (default: techo_consent)')
}

/** Runs `work` with this party's consent access: through its running daemon if one answers, else in this process. */
export async function withConsent<T> (opts: GlobalOptions & ChainFlags, work: (c: ConsentAccess) => Promise<T>): Promise<T> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await findLiveDaemon(dataDir)
  if (daemon !== undefined) {
    // The daemon signs on the chain it follows; a command naming another must not be served by it silently.
    if (opts.chain !== undefined) {
      const wanted = chainLocation(opts, dataDir).url
      const { chain } = await callDaemon<DaemonStatus>(daemon, 'GET', '/api/status')
      if (chain !== wanted) {
        throw new CliError(`The techo daemon serving ${dataDir} follows the chain at ${chain}, not ${wanted}; drop --chain, or stop the daemon first.`, 'ERR_OTHER_CHAIN', EXIT.badInput)
      }
    }
    return await work(remoteConsent(daemon))
  }
  const config = chainConfig(opts, dataDir)
  return await withSession(opts, async s => await work(localConsent(s, config)))
}
