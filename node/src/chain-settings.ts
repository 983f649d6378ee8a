// Where the consent chain is and who pays for it, resolved like every other setting.
// On the local dev chain IOST's well-known `admin` account sponsors by default; against any other
// node a sponsor account and key must be configured, because the sponsor pays real gas.
import { ADMIN_ACCOUNT, ADMIN_SECRET_KEY, DEFAULT_PORT, DEV_CHAIN_ID } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, type ContractLocation, type LedgerConfig } from '@techo/ledger'
import { setting } from './config.js'
import { CliError } from './exit.js'

export const DEFAULT_CHAIN_URL = `http://127.0.0.1:${DEFAULT_PORT}`

/** Flags that select the chain. */
export interface ChainFlags { chain?: string, contract?: string }

/** Where the consent contract is, for reading only: flag > TECHO_* > config.json > local dev chain. */
export function chainLocation (flags: ChainFlags, dataDir: string): ContractLocation {
  return {
    url: setting('chain', flags.chain, dataDir, DEFAULT_CHAIN_URL).replace(/\/+$/, ''),
    contract: setting('contract', flags.contract, dataDir, CONSENT_CONTRACT_NAME)
  }
}

/** The ledger configuration for this data directory: flag > TECHO_* > config.json > local dev chain. */
export function chainConfig (flags: ChainFlags, dataDir: string): LedgerConfig {
  const { url, contract } = chainLocation(flags, dataDir)
  const chainId = Number(setting('chainId', undefined, dataDir, String(DEV_CHAIN_ID)))
  if (!Number.isInteger(chainId) || chainId <= 0) throw new CliError(`The chain id ${JSON.stringify(chainId)} is not a positive whole number.`)
  const isLocal = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(url)
  const account = setting('sponsor', undefined, dataDir, isLocal ? ADMIN_ACCOUNT : '')
  const secretKey = setting('sponsorKey', undefined, dataDir, isLocal ? ADMIN_SECRET_KEY : '')
  if (account === '' || secretKey === '') {
    throw new CliError(`${url} is not the local dev chain: set TECHO_SPONSOR and TECHO_SPONSOR_KEY (the IOST account that pays the gas).`)
  }
  return { url, chainId, contract, sponsor: { account, secretKey } }
}
