// The IOST node's HTTP API on the dev chain: every endpoint the `iost` SDK 0.1.22 calls that
// the dev chain can answer, with the node's paths, parameters, JSON and error texts.
import { parseTransaction } from '@techo/iost'
import type { Chain } from './chain.js'
import { nowNs } from './chain.js'
import { MAX_TX_BODY_BYTES } from './constants.js'
import type { Route } from './http.js'
import type { BlockRecord } from './records.js'
import { bool, checkHash, checkId, int, storageQuery } from './params.js'
import { NodeRefusal } from './refusal.js'
import { nativeContract } from './system-contracts.js'
import { accountJson, blockJson, chainInfoJson, contractJson, nodeInfoJson, receiptJson, txJson } from './views.js'

// What /getRAMInfo reports: a fixed, plentiful market (the dev chain does not charge for RAM).
const RAM_INFO = { available_ram: '137438953472', used_ram: '0', total_ram: '137438953472', buy_price: 0, sell_price: 0 }

/** Returns the dev chain's routes. */
export function chainRoutes (chain: Chain): Route[] {
  return [
    { method: 'GET', path: '/getNodeInfo', handle: async () => nodeInfoJson(nowNs()) },
    { method: 'GET', path: '/getChainInfo', handle: async () => chainInfoJson(chain.head) },
    { method: 'GET', path: '/getGasRatio', handle: async () => await gasRatio(chain) },
    { method: 'GET', path: '/getRAMInfo', handle: async () => RAM_INFO },
    { method: 'POST', path: '/sendTx', maxBody: MAX_TX_BODY_BYTES, handle: async (_, body) => ({ hash: await chain.sendTx(body), pre_tx_receipt: null }) },
    { method: 'GET', path: '/getTxByHash/:hash', handle: async ({ hash }) => await txByHash(chain, checkHash(hash)) },
    {
      method: 'GET',
      path: '/getTxReceiptByTxHash/:hash',
      handle: async ({ hash }) => {
        const receipt = await chain.store.receipt(checkHash(hash))
        if (receipt === undefined) throw new NodeRefusal('failed to Get the receipt hash: leveldb: not found')
        return receiptJson(receipt)
      }
    },
    {
      method: 'GET',
      path: '/getBlockByHash/:hash/:complete',
      handle: async ({ hash, complete }) => {
        const number = await chain.store.blockNumber(checkHash(hash))
        return await blockResponse(chain, number === undefined ? undefined : await chain.store.block(number), bool(complete, 'complete'))
      }
    },
    {
      method: 'GET',
      path: '/getBlockByNumber/:number/:complete',
      handle: async ({ number, complete }) => await blockResponse(chain, await chain.store.block(int(number, 'number')), bool(complete, 'complete'))
    },
    {
      method: 'GET',
      path: '/getAccount/:name/:by_longest_chain',
      handle: async ({ name, by_longest_chain: longest }) => {
        bool(longest, 'by_longest_chain')
        const account = chain.view().account(checkId(name))
        if (account === null) throw new NodeRefusal('account not found')
        return accountJson(account)
      }
    },
    {
      method: 'GET',
      path: '/getTokenBalance/:account/:token/:by_longest_chain',
      handle: async ({ account, by_longest_chain: longest }) => {
        bool(longest, 'by_longest_chain')
        checkId(account)
        return { balance: 0, frozen_balances: [] }
      }
    },
    {
      method: 'GET',
      path: '/getContract/:id/:by_longest_chain',
      handle: async ({ id, by_longest_chain: longest }) => {
        bool(longest, 'by_longest_chain')
        const cid = chain.view().resolve(checkId(id))
        const contract = nativeContract(cid) ?? chain.view().contract(cid)
        if (contract === null) throw new NodeRefusal('contract not found')
        return contractJson(contract)
      }
    },
    {
      method: 'POST',
      path: '/getContractStorage',
      handle: async (_, body) => {
        const q = storageQuery(body)
        const view = chain.view()
        const cid = view.resolve(q.id)
        const value = q.field === '' ? view.get(cid, q.key) : view.mapGet(cid, q.key, q.field)
        // The node formats a missing value as JSON null, i.e. the text "null".
        return { data: value ?? 'null', block_hash: chain.head.hash, block_number: String(chain.head.number) }
      }
    },
    {
      method: 'POST',
      path: '/getContractStorageFields',
      handle: async (_, body) => {
        const q = storageQuery(body)
        const view = chain.view()
        return { fields: view.mapKeys(view.resolve(q.id), q.key), block_hash: chain.head.hash, block_number: String(chain.head.number) }
      }
    }
  ]
}

async function txByHash (chain: Chain, hash: string): Promise<unknown> {
  const stored = await chain.store.tx(hash)
  if (stored !== undefined) {
    const receipt = await chain.store.receipt(hash) ?? null
    return { status: 'IRREVERSIBLE', transaction: txJson(hash, stored.json, receipt), block_number: String(stored.blockNumber) }
  }
  const pending = chain.pendingTxs().find(t => t.hash === hash)
  if (pending === undefined) throw new NodeRefusal('tx not found')
  return { status: 'PENDING', transaction: txJson(hash, pending.json, null), block_number: '-1' }
}

async function blockResponse (chain: Chain, block: BlockRecord | undefined, complete: boolean): Promise<unknown> {
  if (block === undefined) throw new NodeRefusal('block not found')
  const transactions = []
  if (complete) {
    for (const hash of block.txHashes) {
      const stored = await chain.store.tx(hash)
      if (stored !== undefined) transactions.push(txJson(hash, stored.json, await chain.store.receipt(hash) ?? null))
    }
  }
  return { status: 'IRREVERSIBLE', block: blockJson(block, transactions) }
}

// go-iost GetGasRatio: the lowest and median ratio of the head block's transactions, 1 if none.
async function gasRatio (chain: Chain): Promise<unknown> {
  const ratios: number[] = []
  for (const hash of chain.head.txHashes) {
    const stored = await chain.store.tx(hash)
    if (stored !== undefined) ratios.push(Number(parseTransaction(stored.json).internalGasRatio) / 100)
  }
  ratios.sort((a, b) => a - b)
  return { lowest_gas_ratio: ratios[0] ?? 1, median_gas_ratio: ratios[Math.floor(ratios.length / 2)] ?? 1 }
}
