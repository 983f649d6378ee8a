// Where the consent chain is and who pays for it, resolved like every other setting.
// The chain is one node URL or several, separated by commas (a record counts once a quorum of them
// agree: TECHO_CHAIN_QUORUM, default a majority); nodes on another machine need https.
// On the local dev chain IOST's well-known `admin` account sponsors by default; against any other
// node a sponsor account and key must be configured, because the sponsor pays real gas.
import type { DEFAULT_PORT, DEV_CHAIN_ID } from '@techo/devchain'
import type { CONSENT_CONTRACT_NAME, ContractLocation, LedgerConfig } from '@techo/ledger'
import type { Command } from 'commander'
import { setting } from './config.js'
import { CliError } from './exit.js'

// The defaults are written here so a command does not load the chain's packages to read three
// constants; each is typed as the package's own constant, so the compiler keeps them equal.
/** IOST's own HTTP port, which the dev chain takes too. */
export const CHAIN_PORT: typeof DEFAULT_PORT = 30001
const CHAIN_ID: typeof DEV_CHAIN_ID = 1020
/** The name the consent contract is linked to on the dev chain (and by `techo chain`). */
export const DEFAULT_CONTRACT: typeof CONSENT_CONTRACT_NAME = 'techo_consent'
export const DEFAULT_CHAIN_URL = `http://127.0.0.1:${CHAIN_PORT}`

/** Flags that select the chain. */
export interface ChainFlags { chain?: string, contract?: string }

/** Where the consent contract is, with the chain's node URLs as one text (comma-separated). */
export type ChainLocation = ContractLocation & { url: string }

/** The ledger configuration, with the chain's node URLs as one text (comma-separated). */
export type ChainConfig = LedgerConfig & { url: string }

/** Adds the chain-selection options every consent command takes. */
export function withChainOptions (cmd: Command): Command {
  return cmd
    .option('--chain <urls>', `the IOST node or dev chain, or several nodes separated by commas that must agree (default: $TECHO_CHAIN or ${DEFAULT_CHAIN_URL})`)
    .option('--contract <id>', `the consent contract id or linked name (default: ${DEFAULT_CONTRACT})`)
}

/** Where the consent contract is, for reading only: flag > TECHO_* > config.json > local dev chain. */
export function chainLocation (flags: ChainFlags, dataDir: string): ChainLocation {
  const url = setting('chain', flags.chain, dataDir, DEFAULT_CHAIN_URL).split(',').map(u => u.trim().replace(/\/+$/, '')).filter(u => u !== '').join(',')
  const quorum = setting('chainQuorum', undefined, dataDir, '')
  if (quorum !== '' && !/^[1-9]\d*$/.test(quorum)) throw new CliError(`The chain quorum ${JSON.stringify(quorum)} is not a positive whole number.`)
  return { url, contract: setting('contract', flags.contract, dataDir, DEFAULT_CONTRACT), ...(quorum === '' ? {} : { quorum: Number(quorum) }) }
}

/** The chain id: TECHO_CHAIN_ID > config.json > the local dev chain's 1020. */
export function chainIdFrom (dataDir: string): number {
  const chainId = Number(setting('chainId', undefined, dataDir, String(CHAIN_ID)))
  if (!Number.isInteger(chainId) || chainId <= 0) throw new CliError(`The chain id ${JSON.stringify(chainId)} is not a positive whole number.`)
  return chainId
}

/** The ledger configuration for this data directory: flag > TECHO_* > config.json > local dev chain. */
export async function chainConfig (flags: ChainFlags, dataDir: string): Promise<ChainConfig> {
  const location = chainLocation(flags, dataDir)
  const { url } = location
  const chainId = chainIdFrom(dataDir)
  // Checked here, before a passphrase is asked: every URL, and https for every remote node.
  const urls = (await import('@techo/ledger')).chainUrls(url)
  const isLocal = urls.every(u => /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(u))
  // The dev chain's admin key is public: only a chain on this machine may be paid with it.
  const admin = isLocal ? await import('@techo/devchain') : undefined
  const account = setting('sponsor', undefined, dataDir, admin?.ADMIN_ACCOUNT ?? '')
  const secretKey = setting('sponsorKey', undefined, dataDir, admin?.ADMIN_SECRET_KEY ?? '')
  if (account === '' || secretKey === '') {
    throw new CliError(`${url} is not the local dev chain: set TECHO_SPONSOR and TECHO_SPONSOR_KEY (the IOST account that pays the gas).`)
  }
  return { ...location, chainId, sponsor: { account, secretKey } }
}
