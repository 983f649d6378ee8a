// Reading the consent contract's state straight from the nodes' storage API. Every read goes to
// the chain (longest chain, so a change is visible from the block that made it) and counts once
// a quorum of the nodes gave the same answer; LedgerView is the cached, block-following, verifying
// alternative, and what access decisions rest on.
import { sleep } from './sleep.js'
import type { DeviceBinding } from './device-proof.js'
import { LedgerError } from './errors.js'
import { parseEvent, type ConsentEvent } from './events.js'
import {
  KEYS, parseAnchor, parseDevice, parseGrant, parseParty,
  type AnchorRecord, type DeviceRecord, type GrantRecord, type PartyRecord
} from './records.js'
import { ChainNodes } from './nodes.js'
import { checkCount, checkPartyId } from './validate.js'

/** Where the consent contract lives. */
export interface ContractLocation {
  /**
   * The nodes' HTTP APIs: one URL (e.g. http://127.0.0.1:30001), or several (a list, or one text
   * separated by commas). Nodes on another machine need https.
   */
  url: string | readonly string[]
  /** The contract id (`Contract...`) or the name it is linked to (e.g. `techo_consent`). */
  contract: string
  /** How many nodes must give the same answer for it to count; default: a majority. */
  quorum?: number
}

// Lists are read field by field; this many requests at a time keeps a long list quick
// without flooding the node.
const READ_CONCURRENCY = 16
const READ_ATTEMPTS = 3
const NO_QUORUM_RETRY_MS = 250

/** Read-only access to the consent contract's state. */
export class LedgerReader {
  protected readonly nodes: ChainNodes
  protected readonly contract: string
  private resolved: Promise<string> | undefined

  constructor (location: ContractLocation) {
    this.nodes = new ChainNodes(location.url, location.quorum)
    this.contract = location.contract
  }

  /** Resolves to the contract's id (`Contract...`), following a linked name; throws ERR_NO_CONTRACT if nothing answers. */
  async contractId (): Promise<string> {
    this.resolved ??= this.storage(this.contract, KEYS.contractId).then(id => {
      if (id === null) {
        throw new LedgerError('ERR_NO_CONTRACT', `No consent contract answers as "${this.contract}" on ${this.nodes.url}; deploy it (techo chain does) or check the contract id.`)
      }
      return id
    })
    try {
      return await this.resolved
    } catch (err) {
      this.resolved = undefined
      throw err
    }
  }

  /** Returns the height of the block that deployed the contract: no consent event is older. */
  async deployedAt (): Promise<number> {
    const text = await this.storage(await this.contractId(), KEYS.deployedAt)
    const height = Number(text)
    if (text === null || !Number.isSafeInteger(height) || height < 0) throw new LedgerError('ERR_BAD_CHAIN_DATA', `The contract's deployment height is "${text}", not a block number.`)
    return height
  }

  /** Returns a party's registration, or undefined if it is not registered. */
  async party (id: string): Promise<PartyRecord | undefined> {
    return await this.read(KEYS.party, id, parseParty)
  }

  /** Returns a device's approval (party, role, whether it stands), or undefined if it was never approved. */
  async device (peerId: string): Promise<DeviceRecord | undefined> {
    return await this.read(KEYS.device, peerId, parseDevice)
  }

  /** Returns the grant of a notebook to a clinic, or undefined if there never was one. */
  async grant (notebook: string, clinic: string): Promise<GrantRecord | undefined> {
    return await this.read(KEYS.grant(notebook), clinic, text => parseGrant(text))
  }

  /** Returns every clinic ever granted the notebook, with its grant's current state. */
  async grants (notebook: string): Promise<Array<GrantRecord & { clinic: string }>> {
    const clinics = await this.list(KEYS.clinicsOfNotebook(notebook))
    return await mapLimit(clinics, async clinic => ({ clinic, ...await this.mustRead(KEYS.grant(notebook), clinic, text => parseGrant(text)) }))
  }

  /** Returns every notebook ever granted to the clinic, with its grant's current state. */
  async grantsForClinic (clinic: string): Promise<Array<GrantRecord & { notebook: string }>> {
    const notebooks = await this.list(KEYS.notebooksOfClinic(clinic))
    return await mapLimit(notebooks, async notebook => ({ notebook, ...await this.mustRead(KEYS.grant(notebook), clinic, text => parseGrant(text)) }))
  }

  /** Returns the notebook's latest anchor, or undefined if it was never anchored. */
  async lastAnchor (notebook: string): Promise<AnchorRecord | undefined> {
    return await this.read(KEYS.anchor, notebook, parseAnchor)
  }

  /** Returns the last seq `by` (a device PeerId, or the patient's key) anchored on the notebook, 0 if none: its next anchor must carry more. */
  async lastAnchorSeq (notebook: string, by: string): Promise<number> {
    return await this.count(KEYS.anchorSeq(notebook), by)
  }

  /** Returns the party's history, oldest first: every consent event it signed or (as a clinic) received. */
  async history (partyId: string): Promise<ConsentEvent[]> {
    const key = KEYS.history(partyId)
    const length = await this.count(key)
    return await mapLimit([...Array(length).keys()], async i => await this.mustRead(key, String(i), parseEvent))
  }

  /** Returns what a device of `party` signs to prove it holds its key on chain `chain` and this contract. */
  async deviceBinding (party: string, chain: number): Promise<DeviceBinding> {
    return { party: checkPartyId(party, 'The party'), chain: checkCount(chain, 'The chain id'), contract: await this.contractId() }
  }

  /** Returns the nonce the signer's next payload must carry. */
  async nextNonce (signer: string): Promise<number> {
    return await this.count(KEYS.nonce, signer) + 1
  }

  // Nodes a block apart may briefly answer differently: a read that finds no quorum is asked again, twice.
  private async storage (contract: string, key: string, field = ''): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.nodes.agreed(`the contract's ${field === '' ? key : `${key}/${field}`}`, async node => await node.storage(contract, key, field))
      } catch (err) {
        if (!(err instanceof LedgerError && err.code === 'ERR_NO_QUORUM') || attempt === READ_ATTEMPTS) throw err
        await sleep(NO_QUORUM_RETRY_MS * attempt)
      }
    }
  }

  private async read<T> (key: string, field: string, parse: (text: string) => T): Promise<T | undefined> {
    const text = await this.storage(await this.contractId(), key, field)
    return text === null ? undefined : parse(text)
  }

  private async mustRead<T> (key: string, field: string, parse: (text: string) => T): Promise<T> {
    const value = await this.read(key, field, parse)
    if (value === undefined) throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain lists ${key}/${field} but holds no value for it.`)
    return value
  }

  private async count (key: string, field: string = KEYS.listLength): Promise<number> {
    const text = await this.storage(await this.contractId(), key, field)
    const n = text === null ? 0 : Number(text)
    if (!Number.isSafeInteger(n) || n < 0) throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain's count ${key}/${field} is "${text}", not a whole number.`)
    return n
  }

  private async list (key: string): Promise<string[]> {
    const length = await this.count(key)
    return await mapLimit([...Array(length).keys()], async i => await this.mustRead(key, String(i), text => text))
  }
}

async function mapLimit<T, R> (items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += READ_CONCURRENCY) {
    out.push(...await Promise.all(items.slice(i, i + READ_CONCURRENCY).map(fn)))
  }
  return out
}
