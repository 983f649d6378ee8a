// The IOST node's HTTP API, as far as the ledger uses it, with the node's JSON field names
// (int64 values arrive as strings). A node that answers with an error status is told apart
// from a node that does not answer at all: the first is a refusal, the second ERR_CHAIN_UNREACHABLE.
import createDebug from 'debug'
import { LedgerError } from './errors.js'

const log = createDebug('techo:ledger:rpc')

/** `/getChainInfo`, the fields the ledger reads. */
export interface ChainInfo {
  chain_id: number
  head_block: string
  lib_block: string
}

/** `/getNodeInfo`, the fields the ledger reads. */
export interface NodeInfo {
  server_time: string
}

/** A transaction receipt as the node returns it. */
export interface TxReceiptJson {
  tx_hash: string
  gas_usage: number
  ram_usage?: Record<string, string | number>
  status_code: string
  message: string
  returns?: string[]
  receipts?: Array<{ func_name: string, content: string }>
}

/** A transaction in a complete block: its hash, its actions and (usually) its receipt. */
export interface BlockTxJson {
  hash: string
  actions?: Array<{ contract: string, action_name: string, data: string }>
  tx_receipt?: TxReceiptJson | null
}

/** A block from `/getBlockByNumber/{n}/true`: complete blocks carry their transactions and receipts. */
export interface BlockJson {
  number: string
  hash: string
  /** Nanoseconds since the epoch, as a decimal string. */
  time: string
  transactions?: BlockTxJson[]
}

/** The node's answer: its JSON body, or its error status and message. */
export type RpcAnswer<T> = { ok: true, body: T } | { ok: false, status: number, message: string }

/** A client for one node's HTTP API. */
export class ChainRpc {
  readonly url: string
  private readonly requestTimeoutMs: number

  constructor (url: string, requestTimeoutMs = 10_000) {
    this.url = url.replace(/\/+$/, '')
    this.requestTimeoutMs = requestTimeoutMs
  }

  /** Sends one request; resolves to the node's answer, or throws ERR_CHAIN_UNREACHABLE if none came. */
  async request<T> (path: string, body?: unknown): Promise<RpcAnswer<T>> {
    let response: Response
    try {
      response = await fetch(`${this.url}/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(this.requestTimeoutMs)
      })
    } catch (err) {
      throw new LedgerError('ERR_CHAIN_UNREACHABLE', `The chain at ${this.url} did not answer (${describe(err)}); check that it is running and the URL is right.`, { cause: err })
    }
    const text = await response.text()
    if (response.ok) {
      try {
        return { ok: true, body: JSON.parse(text) as T }
      } catch (err) {
        throw new LedgerError('ERR_CHAIN_UNREACHABLE', `The server at ${this.url} answered ${path} with something that is not JSON; is it an IOST node?`, { cause: err })
      }
    }
    log('%s -> %d %s', path, response.status, text)
    return { ok: false, status: response.status, message: errorMessage(text) }
  }

  /** Returns the node's answer body; throws ERR_CHAIN_REFUSED with the node's reason if it answered with an error. */
  async call<T> (path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(path, body)
    if (answer.ok) return answer.body
    throw new LedgerError('ERR_CHAIN_REFUSED', `The chain at ${this.url} refused ${path.split('/')[0] ?? path}: ${answer.message}`)
  }

  /** Returns the chain's head and irreversible block heights. */
  async chainInfo (): Promise<ChainInfo> {
    return await this.call<ChainInfo>('getChainInfo')
  }

  /** Returns the node's clock and identity. */
  async nodeInfo (): Promise<NodeInfo> {
    return await this.call<NodeInfo>('getNodeInfo')
  }

  /** Posts a signed transaction (the SDK's JSON text); resolves to its hash or throws ERR_CHAIN_REFUSED with the node's reason. */
  async sendTx (json: string): Promise<string> {
    const answer = await this.request<{ hash: string }>('sendTx', json)
    if (answer.ok) return answer.body.hash
    throw new LedgerError('ERR_CHAIN_REFUSED', `The chain refused the transaction: ${answer.message}`)
  }

  /** Returns the receipt of a transaction, or null while the node has none (not yet in a block). */
  async receipt (txHash: string): Promise<TxReceiptJson | null> {
    const answer = await this.request<TxReceiptJson>(`getTxReceiptByTxHash/${txHash}`)
    return answer.ok ? answer.body : null
  }

  /** Returns a contract storage value (a map field when `field` is given), or null if it is not set. */
  async storage (contract: string, key: string, field = ''): Promise<string | null> {
    const body = await this.call<{ data?: string | null }>('getContractStorage', { id: contract, key, field, by_longest_chain: true })
    // Nodes answer a missing value with an empty string or the text "null"; the contract never stores either.
    return body.data === undefined || body.data === null || body.data === '' || body.data === 'null' ? null : body.data
  }

  /** Returns a complete block (transactions and receipts) by height. */
  async block (height: number): Promise<BlockJson> {
    const body = await this.call<{ block: BlockJson }>(`getBlockByNumber/${height}/true`)
    return body.block
  }
}

// The node's error bodies are JSON like {"code":2,"message":"..."}; anything else is shown as text.
function errorMessage (text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown, error?: unknown }
    if (typeof body.message === 'string' && body.message !== '') return body.message
    if (typeof body.error === 'string' && body.error !== '') return body.error
  } catch {}
  return text.trim() === '' ? 'no reason given' : text.trim().slice(0, 300)
}

function describe (err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause
  if (typeof cause?.code === 'string') return cause.code
  return err instanceof Error ? err.name === 'TimeoutError' ? 'timed out' : err.message : String(err)
}
