// A local cache of consent (grants, approvals) as JSON, so the node can gate
// sync without asking the chain each time. Sealed with the at-rest key: it says
// which clinics a patient sees.
import { seal, unseal } from './crypto.js'
import { badInput, damaged } from './errors.js'
import type { Keyring } from './keyring.js'
import { CONSENT, checkConsentKey, consentKey } from './names.js'
import type { Store } from './store.js'

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const utf8 = new TextEncoder()
const text = new TextDecoder()
const PREFIX = /^[A-Za-z0-9._:/-]*$/

export class ConsentCache {
  readonly #store: Store
  readonly #keyring: Keyring

  constructor (store: Store, keyring: Keyring) {
    this.#store = store
    this.#keyring = keyring
  }

  /** The value stored at `key` (ids joined by '/'), or undefined. */
  async get (key: string): Promise<Json | undefined> {
    const name = consentKey(checkConsentKey(key))
    const atRest = this.#keyring.get()
    const record = await this.#store.get(name)
    return record === undefined ? undefined : parse(name, unseal(atRest, name, record))
  }

  /** Stores `value` at `key` durably, replacing what was there. */
  async put (key: string, value: Json): Promise<void> {
    const name = consentKey(checkConsentKey(key))
    const json = JSON.stringify(value) as string | undefined
    if (json === undefined) throw badInput(`The consent value for ${key} is not JSON.`)
    const atRest = this.#keyring.get()
    await this.#store.write([{ type: 'put', key: name, value: seal(atRest, name, utf8.encode(json)) }])
  }

  /** Removes the value at `key`, if any. */
  async delete (key: string): Promise<void> {
    const name = consentKey(checkConsentKey(key))
    this.#keyring.get()
    await this.#store.write([{ type: 'del', key: name }])
  }

  /** Every entry whose key starts with `prefix` (for example `<notebook>/`), in key order. */
  async list (prefix = ''): Promise<Array<{ key: string, value: Json }>> {
    if (typeof prefix !== 'string' || !PREFIX.test(prefix)) throw badInput(`The consent prefix ${JSON.stringify(prefix)} is not valid.`)
    const atRest = this.#keyring.get()
    const out: Array<{ key: string, value: Json }> = []
    for await (const [name, record] of this.#store.scan(consentKey(prefix))) {
      out.push({ key: name.slice(CONSENT.length), value: parse(name, unseal(atRest, name, record)) })
    }
    return out
  }
}

function parse (name: string, plain: Uint8Array): Json {
  try {
    return JSON.parse(text.decode(plain)) as Json
  } catch (cause) {
    throw damaged(name, 'it does not hold JSON', cause)
  }
}
