// startDevChain: the chain, its block clock and its HTTP API, wired together.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adminPublicKey } from './accounts.js'
import { Chain } from './chain.js'
import { ADMIN_ACCOUNT, ADMIN_SECRET_KEY, DEFAULT_BLOCK_INTERVAL_MS, DEFAULT_PORT, DEV_CHAIN_ID } from './constants.js'
import { DevChainError } from './errors.js'
import { serveRoutes, type HttpFace } from './http.js'
import { startProducer, type Producer } from './producer.js'
import { chainRoutes } from './routes.js'

/** How to run a dev chain. */
export interface DevChainOptions {
  /** Where blocks and state are kept across restarts; a fresh temporary directory (removed on close) if not given. */
  dataDir?: string
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 30001, IOST's. */
  port?: number
  /** Milliseconds between blocks; 0 produces blocks only on produceBlock(). Default 500, IOST's. */
  blockIntervalMs?: number
}

/** A running dev chain. */
export interface DevChain {
  /** Base URL of its IOST HTTP API, e.g. http://127.0.0.1:30001. */
  url: string
  chainId: number
  /** IOST's local admin account and its well-known key (base58; the 64-byte secret the SDK's KeyPair takes). */
  admin: { account: 'admin', secretKey: string, publicKey: string }
  /** Produces a block now from the pending transactions; resolves to its height. */
  produceBlock: () => Promise<number>
  /** Stops producing, finishes the block in progress, stops serving and closes the data. */
  close: () => Promise<void>
}

/** Starts a single-node IOST-compatible chain on 127.0.0.1 (chain id 1020, with the `admin` account). */
export async function startDevChain (opts: DevChainOptions = {}): Promise<DevChain> {
  const port = opts.port ?? DEFAULT_PORT
  const interval = opts.blockIntervalMs ?? DEFAULT_BLOCK_INTERVAL_MS
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DevChainError('ERR_CHAIN_BAD_OPTION', `The port must be a whole number from 0 to 65535, not ${String(port)}.`)
  }
  if (!Number.isInteger(interval) || interval < 0) {
    throw new DevChainError('ERR_CHAIN_BAD_OPTION', `The block interval must be a whole number of milliseconds (0 for on demand), not ${String(interval)}.`)
  }
  const tempDir = opts.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'techo-devchain-')) : null
  const removeTemp = async (): Promise<void> => { if (tempDir !== null) await rm(tempDir, { recursive: true, force: true }) }

  let chain: Chain
  let http: HttpFace
  try {
    chain = await Chain.open(opts.dataDir ?? tempDir as string)
  } catch (err) {
    await removeTemp()
    throw err
  }
  try {
    http = await serveRoutes(chainRoutes(chain), port)
  } catch (err) {
    await chain.store.close()
    await removeTemp()
    throw err
  }
  const producer: Producer | null = interval > 0 ? startProducer(interval, async () => await chain.produceBlock()) : null

  let closing: Promise<void> | null = null
  return {
    url: `http://127.0.0.1:${http.port}`,
    chainId: DEV_CHAIN_ID,
    admin: { account: ADMIN_ACCOUNT, secretKey: ADMIN_SECRET_KEY, publicKey: adminPublicKey() },
    produceBlock: async () => {
      if (closing !== null) throw new DevChainError('ERR_CHAIN_CLOSED', 'The dev chain is closed; start it again to produce blocks.')
      return await chain.produceBlock()
    },
    close: async () => {
      closing ??= (async () => {
        await producer?.stop()
        await chain.idle()
        await http.close()
        await chain.store.close()
        await removeTemp()
      })()
      await closing
    }
  }
}
