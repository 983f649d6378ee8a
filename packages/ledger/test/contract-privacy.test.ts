// Nothing personal on chain. After a realistic session (two clinics with devices, three
// patients granting, revoking and anchoring the digests of notebooks full of readings,
// conditions and notes) every value the contract stored is read back and every block is
// fetched: they hold keys, ids, scopes, times and salted digests, and no notebook content.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { createDeviceKey, toBase58, notebookIdFor } from '@techo/identity'
import { newParty, startConsentChain } from './contract-fixture.js'

const net = await startConsentChain()
const { ledger, chain, contractId } = net

// What the notebooks hold. None of it may reach the chain.
const CONTENT = [
  'Body temperature', '8310-5', '38.4', 'Blood pressure', '142/91', '8480-6', 'Type 2 diabetes mellitus',
  'Penicillin', 'anaphylaxis', 'Metformin 500 mg', 'Patient reports chest pain after climbing stairs', 'Hanako Yamada'
]
const salt = crypto.getRandomValues(new Uint8Array(32))
const digestOf = (entries: string[]): string => toBase58(sha256(new Uint8Array([...salt, ...utf8ToBytes(entries.join('\n'))])))

const clinicA = newParty()
const clinicB = newParty()
const clinics = [clinicA, clinicB]
const patients = [newParty(), newParty(), newParty()]
const devices: string[] = []
let leavingPractitioner = ''

test('a realistic consent session runs', async () => {
  for (const c of clinics) {
    await ledger.registerParty(c.seed, 'clinic')
    for (const role of ['relay', 'practitioner', 'practitioner'] as const) {
      const device = createDeviceKey()
      devices.push(device.peerId)
      await ledger.approveDevice(c.seed, device, role)
      if (c === clinicA) leavingPractitioner = device.peerId
    }
  }
  await Promise.all(patients.map(async (p, i) => {
    const phoneKey = createDeviceKey()
    devices.push(phoneKey.peerId)
    await ledger.registerParty(p.seed, 'patient')
    await ledger.approveDevice(p.seed, phoneKey, 'phone')
    const notebook = notebookIdFor(p.id)
    for (const [j, c] of clinics.entries()) {
      await ledger.grant(p.seed, { clinic: c.id, notebook, scope: j === 0 ? 'write' : 'read', until: Date.now() + (i + 1) * 30 * 86_400_000 })
    }
    await ledger.anchor(phoneKey, { notebook, digest: digestOf(CONTENT.slice(0, 4 + i)), seq: 1 })
    await ledger.anchor(p.seed, { notebook, digest: digestOf(CONTENT.slice(0, 8 + i)), seq: 2 })
    if (i === 0) await ledger.revoke(p.seed, { clinic: clinicB.id, notebook })
  }))
  await ledger.revokeDevice(clinicA.seed, leavingPractitioner)
})

test('every stored value is an id, key, scope, role, time, count or salted digest, and holds no notebook content', async () => {
  const stored = await everyStoredValue()
  const parties = [...clinics, ...patients].map(p => p.id)
  const notebooks = patients.map(p => notebookIdFor(p.id))
  assert.ok(stored.length > 80, `only ${stored.length} values read back`)

  const allowedField = new Set(['kind', 'at', 'party', 'role', 'key', 'active', 'patient', 'scope', 'until', 'digest', 'seq', 'by',
    'action', 'device', 'notebook', 'clinic', 'signer', 'block', 'tx'])
  const words = new Set(['patient', 'clinic', 'phone', 'practitioner', 'relay', 'read', 'write',
    'registerParty', 'approveDevice', 'revokeDevice', 'grant', 'revoke', 'anchor', net.sponsor.account])
  const BASE58_32 = /^[1-9A-HJ-NP-Za-km-z]{43,44}$/
  const isAllowedText = (s: string): boolean =>
    words.has(s) || parties.includes(s) || devices.includes(s) || notebooks.includes(s) || s === contractId ||
    BASE58_32.test(s) /* keys, tx hashes, salted digests */ || /^\d+$/.test(s) /* counts, nonces, heights */

  for (const { where, value } of stored) {
    for (const text of CONTENT) assert.not.ok(value.includes(text), `${where} contains notebook content "${text}"`)
    const leaves = leavesOf(parseOrText(value), where)
    for (const leaf of leaves) {
      if (typeof leaf.value === 'string') assert.ok(isAllowedText(leaf.value), `${leaf.where} holds the text ${JSON.stringify(leaf.value)}`)
      if (leaf.field !== undefined) assert.ok(allowedField.has(leaf.field), `${leaf.where} is a field "${leaf.field}" the contract should not write`)
    }
  }
})

test('the stored values read back are all the contract wrote: their bytes match the RAM the sponsor paid', async () => {
  // The dev chain charges RAM as the bytes of each entry's key (or map field) and value, as IOST
  // does; so if the entries read back add up to the RAM paid, nothing was written elsewhere.
  const stored = await everyStoredValue()
  const bytes = (s: string): number => new TextEncoder().encode(s).length
  const readBack = stored.reduce((sum, s) => sum + bytes(s.name) + bytes(s.value), 0)
  const paid = await ramPaidByConsentActions()
  const byInit = stored.filter(s => ['contract', 'owner', 'since'].includes(s.name) && !s.where.includes('/'))
    .reduce((sum, s) => sum + bytes(s.name) + bytes(s.value), 0)
  assert.is(readBack, paid + byInit)
})

test('no block carries notebook content in any transaction or receipt', async () => {
  const head = Number((await (await fetch(`${chain.url}/getChainInfo`)).json() as { head_block: string }).head_block)
  let text = ''
  for (let n = 0; n <= head; n++) text += await (await fetch(`${chain.url}/getBlockByNumber/${n}/true`)).text()
  assert.ok(text.includes('"grant"') || text.includes('grant'), 'the blocks hold the session')
  for (const content of CONTENT) assert.not.ok(text.includes(content), `a block contains notebook content "${content}"`)
})

interface Stored { where: string, name: string, value: string }

// Reads the contract's plain keys and every field of every map it keeps, through the node's API.
async function everyStoredValue (): Promise<Stored[]> {
  const parties = [...clinics, ...patients].map(p => p.id)
  const notebooks = patients.map(p => notebookIdFor(p.id))
  const maps = ['party', 'device', 'nonce', 'anchor',
    ...notebooks.flatMap(nb => [`g_${nb}`, `gl_${nb}`, `as_${nb}`]), ...clinics.map(c => `gc_${c.id}`), ...parties.map(p => `h_${p}`)]
  const out: Stored[] = []
  for (const key of ['contract', 'owner', 'since']) out.push({ where: key, name: key, value: await storage(key) })
  for (const map of maps) {
    const { fields } = await post<{ fields: string[] }>('getContractStorageFields', { id: contractId, key: map, by_longest_chain: true })
    assert.ok(fields.length > 0 && fields.length < 256, `map ${map} has ${fields.length} fields`)
    for (const field of fields) out.push({ where: `${map}/${field}`, name: field, value: await storage(map, field) })
  }
  return out
}

async function storage (key: string, field = ''): Promise<string> {
  const { data } = await post<{ data: string }>('getContractStorage', { id: contractId, key, field, by_longest_chain: true })
  assert.is.not(data, 'null', `${key}/${field} is listed but empty`)
  return data
}

async function post<T> (path: string, body: unknown): Promise<T> {
  const response = await fetch(`${chain.url}/${path}`, { method: 'POST', body: JSON.stringify(body) })
  assert.ok(response.ok, `${path} answered ${response.status}`)
  return await response.json() as T
}

// RAM paid by every successful call into the consent contract, from the receipts in the blocks.
async function ramPaidByConsentActions (): Promise<number> {
  const head = Number((await (await fetch(`${chain.url}/getChainInfo`)).json() as { head_block: string }).head_block)
  let ram = 0
  for (let n = 0; n <= head; n++) {
    const { block } = await (await fetch(`${chain.url}/getBlockByNumber/${n}/true`)).json() as {
      block: { transactions?: Array<{ actions: Array<{ contract: string }>, tx_receipt: { status_code: string, ram_usage: Record<string, string> } }> }
    }
    for (const tx of block.transactions ?? []) {
      if (tx.tx_receipt.status_code !== 'SUCCESS' || tx.actions[0]?.contract !== contractId) continue
      ram += Object.values(tx.tx_receipt.ram_usage).reduce((sum, b) => sum + Number(b), 0)
    }
  }
  return ram
}

function parseOrText (value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

function leavesOf (value: unknown, where: string, field?: string): Array<{ where: string, field?: string, value: unknown }> {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, `${where}.${k}`, Array.isArray(value) ? field : k))
  }
  return [{ where, field, value }]
}

test.after(async () => { await net.close() })

test.run()
