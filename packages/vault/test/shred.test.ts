// Crypto-shredding: after shred() the notebook's key and data are gone from the
// database files, load() says the notebook was shredded, and every other
// notebook is untouched.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import { ClassicLevel } from 'classic-level'
import { openVault, type Vault } from '../src/index.js'
import { rejectsWith } from './fixtures/expect.js'
import { filesContain, removeDir, tempDir } from './fixtures/raw.js'
import { addReadings, allReadings, emptyReadings, type Readings } from './fixtures/readings.js'

const PHONE = '01'.repeat(16)
const dir = tempDir()
const key = new Uint8Array(randomBytes(32))

async function unlocked (): Promise<Vault> {
  const vault = await openVault(dir)
  await vault.unlock(key)
  return vault
}

/** The raw records of the notebook `id` (its wrapped key, snapshot and chunks), read straight from the database. */
async function rawRecords (id: string): Promise<Uint8Array[]> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await db.open()
  try {
    const wrappedKey = (await db.get(`keys/nb/${id}`))!
    const data = await db.values({ gte: `nb/${id}/`, lt: `nb/${id}/~` }).all()
    return [wrappedKey, ...data]
  } finally {
    await db.close()
  }
}

test.after(() => removeDir(dir))

test('shred removes the key and data from the files, load says shredded, other notebooks stay whole', async () => {
  let vault = await unlocked()
  for (const id of ['nb-gone', 'nb-kept']) {
    let doc = emptyReadings(PHONE)
    for (let seq = 0; seq < 30; seq += 5) await vault.notebooks.save(id, doc = addReadings(doc, seq, seq + 5, PHONE))
    await vault.syncState.put(id, 'clinic-peer', new Uint8Array([1, 2, 3]))
  }
  await vault.close()
  await (await openVault(dir)).close() // reopening moves the log into table files
  const doomed = await rawRecords('nb-gone')
  const kept = await rawRecords('nb-kept')
  assert.ok(doomed.length >= 3)
  assert.ok(doomed.every(record => filesContain(dir, record)), 'the records are not in the files before shredding')

  vault = await unlocked()
  assert.ok(await vault.notebooks.shred('nb-gone', { audit: [{ at: new Date().toISOString(), kind: 'shred', notebook: 'nb-gone', detail: 'grant revoked' }] }))
  const err = await rejectsWith(vault.notebooks.load('nb-gone', { actor: PHONE }), 'ERR_SHREDDED')
  assert.match(err.message, 'nb-gone')
  assert.not.ok(await vault.notebooks.has('nb-gone'))
  assert.equal(await vault.notebooks.list(), ['nb-kept'])
  assert.is(await vault.syncState.get('nb-gone', 'clinic-peer'), undefined)
  assert.equal(await vault.syncState.get('nb-kept', 'clinic-peer'), new Uint8Array([1, 2, 3]))
  const survivor = await vault.notebooks.load<Readings>('nb-kept', { actor: PHONE })
  assert.equal(allReadings(survivor!).length, 30)
  assert.equal((await vault.audit.list({ notebook: 'nb-gone' })).map(e => e.kind), ['shred'])
  await vault.close()

  for (const record of doomed) assert.not.ok(filesContain(dir, record), 'a shredded record is still in the database files')
  assert.ok(kept.every(record => filesContain(dir, record)), 'a kept notebook lost records')
})

test('a shredded id refuses saves unless the caller recreates it on purpose', async () => {
  const vault = await unlocked()
  const fresh = addReadings(emptyReadings(PHONE), 100, 101, PHONE)
  await rejectsWith(vault.notebooks.save('nb-gone', fresh), 'ERR_SHREDDED')
  await vault.notebooks.save('nb-gone', fresh, { recreate: true })
  assert.equal(allReadings((await vault.notebooks.load<Readings>('nb-gone', { actor: PHONE }))!).map(o => o.seq), [100])
  assert.not.ok(await vault.notebooks.shred('nb-never-stored'))
  await vault.close()
})

test.run()
