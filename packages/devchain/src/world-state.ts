// Typed access to the flat state map: accounts, deployed contracts, contract storage (plain
// keys and maps) and linked names. Keys are namespaced with NUL separators, which no account,
// contract id, storage key or field can contain.
import { MAX_MAP_KEYS } from './constants.js'
import type { StateLayer, StateReader } from './state-layer.js'

/** An account: IOST's `owner` and `active` permissions, each one Ed25519 key (base58). */
export interface AccountRecord {
  name: string
  owner: string
  active: string
  /** Nanoseconds since the epoch, as a decimal string. */
  createTime: string
}

/** One ABI entry, as IOST's contract info lists it. */
export interface AbiEntry {
  name: string
  args: string[]
  amountLimit: Array<{ token: string, val: string }>
}

/** A deployed contract. */
export interface ContractRecord {
  id: string
  code: string
  lang: string
  version: string
  abi: AbiEntry[]
  /** The account that published the setCode transaction (IOST's contract owner, who pays its RAM). */
  owner: string
}

/** The native contract that keeps linked names, and its two maps (name → contract, name → owner). */
const DOMAIN_CONTRACT = 'domain.iost'
const LINK_MAP = 'dmap'
const LINK_OWNER_MAP = 'umap'

const SEP = '\u0000'
const accountKey = (name: string): string => `acct${SEP}${name}`
const contractKey = (id: string): string => `code${SEP}${id}`
const valueKey = (cid: string, key: string): string => `kv${SEP}${cid}${SEP}${key}`
const mapValueKey = (cid: string, key: string, field: string): string => `mv${SEP}${cid}${SEP}${key}${SEP}${field}`
const mapFieldsKey = (cid: string, key: string): string => `mk${SEP}${cid}${SEP}${key}`

const encoder = new TextEncoder()
const byteLength = (text: string): number => encoder.encode(text).length

/** Returns true if IOST treats the name as a linked name rather than a contract id or a system contract. */
export function isLinkedName (name: string): boolean {
  return !name.startsWith('Contract') && !name.endsWith('.iost')
}

/** Read-only typed view of chain state. */
export class WorldView {
  protected readonly reader: StateReader

  constructor (reader: StateReader) {
    this.reader = reader
  }

  /** Returns the account, or null. */
  account (name: string): AccountRecord | null {
    return parse<AccountRecord>(this.reader.get(accountKey(name)))
  }

  /** Returns the deployed contract, or null. */
  contract (id: string): ContractRecord | null {
    return parse<ContractRecord>(this.reader.get(contractKey(id)))
  }

  /** Returns the contract id a linked name points to; any other name is returned as it is. */
  resolve (nameOrId: string): string {
    if (!isLinkedName(nameOrId)) return nameOrId
    return this.mapGet(DOMAIN_CONTRACT, LINK_MAP, nameOrId) ?? nameOrId
  }

  /** Returns the account that owns a linked name, or null. */
  linkOwner (name: string): string | null {
    return this.mapGet(DOMAIN_CONTRACT, LINK_OWNER_MAP, name)
  }

  /** Returns a contract's value under a plain key, or null. */
  get (cid: string, key: string): string | null {
    return this.reader.get(valueKey(cid, key))
  }

  /** Returns a contract's map value, or null. */
  mapGet (cid: string, key: string, field: string): string | null {
    return this.reader.get(mapValueKey(cid, key, field))
  }

  /** Returns a map's fields in the order they were first written (at most 256, as IOST keeps). */
  mapKeys (cid: string, key: string): string[] {
    return parse<string[]>(this.reader.get(mapFieldsKey(cid, key))) ?? []
  }
}

/** Writable typed view over a state layer. Writes return the RAM they add (negative when freed). */
export class WorldState extends WorldView {
  private readonly layer: StateLayer
  private readonly parent: StateLayer | null

  constructor (layer: StateLayer, parent: StateLayer | null = null) {
    super(layer)
    this.layer = layer
    this.parent = parent
  }

  /** Returns a view whose writes stay apart until keep(); dropping it is the rollback. */
  fork (): WorldState {
    return new WorldState(this.layer.child(), this.layer)
  }

  /** Folds a fork's writes into the state it was forked from. */
  keep (): void {
    if (this.parent === null) throw new Error('keep() is only for a forked state')
    this.layer.foldInto(this.parent)
  }

  /** Stores an account. */
  putAccount (account: AccountRecord): void {
    this.layer.put(accountKey(account.name), JSON.stringify(account))
  }

  /** Stores a contract; returns the RAM it takes beyond its previous version. */
  putContract (contract: ContractRecord): number {
    const text = JSON.stringify(contract)
    const old = this.layer.get(contractKey(contract.id))
    this.layer.put(contractKey(contract.id), text)
    return byteLength(text) - (old === null ? 0 : byteLength(old))
  }

  /** Points a linked name at a contract on behalf of its owner. */
  link (name: string, cid: string, owner: string): void {
    this.mapPut(DOMAIN_CONTRACT, LINK_MAP, name, cid)
    this.mapPut(DOMAIN_CONTRACT, LINK_OWNER_MAP, name, owner)
  }

  /** Sets a plain key. */
  put (cid: string, key: string, value: string): number {
    return this.write(valueKey(cid, key), key, value)
  }

  /** Deletes a plain key. */
  del (cid: string, key: string): number {
    return this.write(valueKey(cid, key), key, null)
  }

  /** Sets a map field, recording the field in the map's key list. */
  mapPut (cid: string, key: string, field: string, value: string): number {
    const fields = this.mapKeys(cid, key)
    if (!fields.includes(field) && fields.length < MAX_MAP_KEYS) {
      this.layer.put(mapFieldsKey(cid, key), JSON.stringify([...fields, field]))
    }
    return this.write(mapValueKey(cid, key, field), field, value)
  }

  /** Deletes a map field. */
  mapDel (cid: string, key: string, field: string): number {
    const fields = this.mapKeys(cid, key)
    if (fields.includes(field)) {
      const rest = fields.filter(f => f !== field)
      if (rest.length === 0) this.layer.delete(mapFieldsKey(cid, key))
      else this.layer.put(mapFieldsKey(cid, key), JSON.stringify(rest))
    }
    return this.write(mapValueKey(cid, key, field), field, null)
  }

  // RAM is what the entry occupies: its key (or field) and value bytes while it exists.
  private write (stateKey: string, name: string, value: string | null): number {
    const old = this.layer.get(stateKey)
    if (value === null) this.layer.delete(stateKey)
    else this.layer.put(stateKey, value)
    const size = (v: string | null): number => v === null ? 0 : byteLength(name) + byteLength(v)
    return size(value) - size(old)
  }
}

function parse<T> (text: string | null): T | null {
  return text === null ? null : JSON.parse(text) as T
}
