// The chain nodes a client reads from, none of them trusted alone: an answer counts once a quorum
// of them (by default a majority) gave the same one. Remote nodes are reached over https only;
// plain http is allowed on this machine, where nobody can change an answer on the way.
import { LedgerError } from './errors.js'
import { ChainRpc } from './rpc.js'

// 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine.
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/

/** Returns the node URLs of a chain setting (one URL or several, separated by commas), checked; throws ERR_BAD_INPUT naming a bad one. */
export function chainUrls (url: string | readonly string[]): string[] {
  const texts = (typeof url === 'string' ? url.split(',') : [...url]).map(u => u.trim()).filter(u => u !== '')
  if (texts.length === 0) throw new LedgerError('ERR_BAD_INPUT', 'No chain node URL was given.')
  const urls = texts.map(text => {
    let parsed: URL
    try {
      parsed = new URL(text)
    } catch (err) {
      throw new LedgerError('ERR_BAD_INPUT', `${JSON.stringify(text)} is not a URL of a chain node (e.g. https://node.example:30001).`, { cause: err })
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname))) {
      throw new LedgerError('ERR_BAD_INPUT', `The chain node ${text} is not reached over https: a node on another machine must be (plain http is allowed only on this machine: 127.0.0.1, ::1 or localhost).`)
    }
    return text.replace(/\/+$/, '')
  })
  return [...new Set(urls)]
}

/** Several chain nodes and how many must agree. */
export class ChainNodes {
  readonly nodes: readonly ChainRpc[]
  readonly quorum: number

  constructor (url: string | readonly string[], quorum?: number) {
    this.nodes = chainUrls(url).map(u => new ChainRpc(u))
    this.quorum = quorum ?? Math.floor(this.nodes.length / 2) + 1
    if (!Number.isInteger(this.quorum) || this.quorum < 1 || this.quorum > this.nodes.length) {
      throw new LedgerError('ERR_BAD_INPUT', `The quorum must be a whole number from 1 to ${this.nodes.length} (the number of chain nodes), not ${String(quorum)}.`)
    }
  }

  /** The nodes' URLs, joined for messages. */
  get url (): string {
    return this.nodes.map(n => n.url).join(', ')
  }

  /**
   * Asks every node; resolves to the first answer that `quorum` nodes gave alike (compared by
   * `key`), without waiting for the rest. Throws ERR_NO_QUORUM if they cannot agree, or the
   * nodes' own error when too few answered at all.
   */
  async agreed<T> (what: string, ask: (node: ChainRpc) => Promise<T>, key: (answer: T) => string = answer => JSON.stringify(answer)): Promise<T> {
    if (this.nodes.length === 1) return await ask(this.nodes[0] as ChainRpc)
    return await new Promise<T>((resolve, reject) => {
      const groups = new Map<string, { answer: T, count: number }>()
      let failures = 0
      let settled = 0
      let done = false
      const finish = (): void => {
        if (done || ++settled < this.nodes.length) return
        done = true
        reject(new LedgerError('ERR_NO_QUORUM', `The chain nodes (${this.url}) do not agree on ${what}: no ${this.quorum} of them gave the same answer, so it is not believed.`))
      }
      for (const node of this.nodes) {
        ask(node).then(answer => {
          const k = key(answer)
          const group = groups.get(k) ?? { answer, count: 0 }
          group.count++
          groups.set(k, group)
          if (!done && group.count >= this.quorum) {
            done = true
            resolve(group.answer)
          }
          finish()
        }, (err: unknown) => {
          // Once too many failed for any answer to reach the quorum, say why now.
          if (!done && ++failures > this.nodes.length - this.quorum) {
            done = true
            reject(err)
          }
          finish()
        })
      }
    })
  }

  /** The first answer of any node (for what needs no agreement, such as the nodes' clock). */
  async any<T> (ask: (node: ChainRpc) => Promise<T>): Promise<T> {
    return await Promise.any(this.nodes.map(ask)).catch((err: AggregateError) => { throw err.errors[0] })
  }
}
