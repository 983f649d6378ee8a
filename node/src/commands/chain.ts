// `techo chain`: the local IOST-compatible dev chain, with the consent contract deployed and linked.
import { type Command } from 'commander'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { CHAIN_PORT, DEFAULT_CONTRACT } from '../cli/chain-settings.js'
import { CliError } from '../cli/exit.js'

export function registerChain (program: Command): void {
  program.command('chain')
    .description('run the local dev chain (IOST HTTP API on 127.0.0.1) with the consent contract deployed')
    .option('--port <n>', 'HTTP port (0 picks a free one)', String(CHAIN_PORT))
    .option('--block-ms <ms>', 'block interval in milliseconds', '500')
    .option('--chain-data <dir>', 'where blocks and state are kept (default: $TECHO_CHAIN_DATA or ~/.techo-chain)')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.opts<{ port: string, blockMs: string, chainData?: string }>()
      const port = wholeNumber(opts.port, '--port')
      const blockIntervalMs = wholeNumber(opts.blockMs, '--block-ms')
      const dataDir = resolve(opts.chainData ?? process.env.TECHO_CHAIN_DATA ?? join(homedir(), '.techo-chain'))
      const [{ startDevChain }, { deployConsentContract }] = await Promise.all([import('@techo/devchain'), import('@techo/ledger')])
      const chain = await startDevChain({ dataDir, port, blockIntervalMs })
      const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
      const contract = await existingContract(chain.url) ?? await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
      console.log(`Dev chain listening on ${chain.url} (chain id ${chain.chainId}, a block every ${blockIntervalMs} ms)`)
      console.log(`  Consent contract: ${contract}, linked as ${DEFAULT_CONTRACT}`)
      console.log(`  Sponsor: the local admin account pays the gas; data in ${dataDir}`)
      console.log('Press Ctrl-C to stop.')
      await new Promise<void>(resolve => {
        const stop = (): void => { resolve() }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await chain.close()
      console.log('Dev chain stopped.')
    })
}

// A restarted chain keeps its state, so the contract deployed last time is still linked.
async function existingContract (url: string): Promise<string | undefined> {
  const { LedgerReader } = await import('@techo/ledger')
  try {
    return await new LedgerReader({ url, contract: DEFAULT_CONTRACT }).contractId()
  } catch {
    return undefined
  }
}

function wholeNumber (text: string, flag: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a whole number, not ${JSON.stringify(text)}.`)
  return n
}
