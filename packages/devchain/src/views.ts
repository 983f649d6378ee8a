// The JSON the node's HTTP API answers with: field names as in its protobuf definitions,
// int64 values as decimal strings (protobuf JSON), doubles and int32s as numbers, enums by
// name, and every field present even when empty.
import { parseTransaction } from '@techo/iost'
import { ACCOUNT_GAS, DEV_CHAIN_ID, NET_NAME, PROTOCOL_VERSION } from './constants.js'
import type { BlockRecord, ReceiptRecord } from './records.js'
import type { AccountRecord, ContractRecord } from './world-state.js'

type Json = Record<string, unknown>

/** A TxReceipt. */
export function receiptJson (r: ReceiptRecord): Json {
  return {
    tx_hash: r.txHash,
    gas_usage: r.gasUsage,
    ram_usage: Object.fromEntries(Object.entries(r.ramUsage).map(([k, v]) => [k, String(v)])),
    status_code: r.statusCode,
    message: r.message,
    returns: r.returns,
    receipts: r.receipts.map(e => ({ func_name: e.funcName, content: e.content }))
  }
}

/** A Transaction, read back from the JSON it was sent as. */
export function txJson (hash: string, json: string, receipt: ReceiptRecord | null): Json {
  const t = parseTransaction(json)
  return {
    hash,
    time: t.time.toString(),
    expiration: t.expiration.toString(),
    gas_ratio: Number(t.internalGasRatio) / 100,
    gas_limit: Number(t.internalGasLimit) / 100,
    delay: t.delay.toString(),
    chain_id: t.chainId,
    actions: t.actions.map(a => ({ contract: a.contract, action_name: a.actionName, data: a.data })),
    signers: t.signers,
    publisher: t.publisher,
    referred_tx: '',
    amount_limit: t.amountLimit.map(a => ({ token: a.token, value: Number(a.value) })),
    tx_receipt: receipt === null ? null : receiptJson(receipt)
  }
}

/** A Block; `transactions` is filled only for a complete block. */
export function blockJson (b: BlockRecord, transactions: Json[]): Json {
  return {
    hash: b.hash,
    version: '0',
    parent_hash: b.parentHash,
    tx_merkle_hash: b.txMerkleHash,
    tx_receipt_merkle_hash: b.txReceiptMerkleHash,
    number: String(b.number),
    witness: b.witness,
    time: b.time,
    gas_usage: b.gasUsage,
    tx_count: String(b.txHashes.length),
    info: { mode: 0, thread: 0, batch_index: [] },
    transactions
  }
}

/** A ChainInfoResponse; the single node's head is also its last irreversible block. */
export function chainInfoJson (head: BlockRecord): Json {
  return {
    net_name: NET_NAME,
    protocol_version: PROTOCOL_VERSION,
    chain_id: DEV_CHAIN_ID,
    head_block: String(head.number),
    head_block_hash: head.hash,
    lib_block: String(head.number),
    lib_block_hash: head.hash,
    witness_list: [head.witness],
    lib_witness_list: [head.witness],
    pending_witness_list: [head.witness],
    head_block_time: head.time,
    lib_block_time: head.time
  }
}

/** A NodeInfoResponse; `server_time` lets the SDK correct for clock skew. */
export function nodeInfoJson (serverTimeNs: bigint): Json {
  return {
    build_time: '',
    git_hash: '',
    mode: 'ModeNormal',
    network: { id: 'techo-devchain', peer_count: 0, peer_info: [], peer_count_outbound: 0, peer_count_inbound: 0 },
    code_version: 'techo-devchain',
    server_time: serverTimeNs.toString()
  }
}

/** An Account: both permissions, plenty of gas, no tokens (the dev chain has none). */
export function accountJson (a: AccountRecord): Json {
  const permission = (name: string, key: string): Json => ({
    name,
    group_names: [],
    items: [{ id: key, is_key_pair: true, weight: '1', permission: '' }],
    threshold: '1'
  })
  return {
    name: a.name,
    balance: 0,
    create_time: a.createTime,
    gas_info: { current_total: ACCOUNT_GAS, transferable_gas: 0, pledge_gas: ACCOUNT_GAS, increase_speed: 0, limit: ACCOUNT_GAS, pledged_info: [] },
    ram_info: { available: '0', used: '0', total: '0' },
    permissions: { active: permission('active', a.active), owner: permission('owner', a.owner) },
    groups: {},
    frozen_balances: [],
    vote_infos: []
  }
}

/** A Contract. */
export function contractJson (c: ContractRecord): Json {
  return {
    id: c.id,
    code: c.code,
    language: c.lang,
    version: c.version,
    abis: c.abi.map(a => ({ name: a.name, args: a.args, amount_limit: a.amountLimit.map(l => ({ token: l.token, value: Number(l.val) })) }))
  }
}
