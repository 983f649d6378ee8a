// Opens a session together with its chain access, for the consent commands.
import { type Command } from 'commander'
import { chainConfig, type ChainFlags } from './chain-settings.js'
import { dataDirFrom } from './config.js'
import { localConsent, type ConsentAccess } from './consent-access.js'
import { type GlobalOptions, type LocalSession, withSession } from './session.js'

/** Adds the chain-selection options every consent command takes. */
export function withChainOptions (cmd: Command): Command {
  return cmd
    .option('--chain <url>', 'the IOST node or dev chain (default: $TECHO_CHAIN or http://127.0.0.1:30001)')
    .option('--contract <id>', 'the consent contract id or linked name (default: techo_consent)')
}

/** Runs `work` with this party's session and consent access, closing the session afterwards. */
export async function withConsent<T> (opts: GlobalOptions & ChainFlags, work: (c: ConsentAccess, s: LocalSession) => Promise<T>): Promise<T> {
  const config = chainConfig(opts, dataDirFrom(opts.data))
  return await withSession(opts, async s => await work(localConsent(s, config), s))
}
