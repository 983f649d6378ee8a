// What the vault protects against: readable data on disk, records moved
// between slots or notebooks, a wrong at-rest key, use before unlock, and
// damaged database files.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import * as Automerge from '@automerge/automerge'
import { openVault, type Vault } from '../src/index.js'
import { addReadings, allReadings, emptyReadings, type Readings } from './fixtures/readings.js'
import { rejectsWith } from './fixtures/expect.js'
import { filesContain, removeDir, tempDir } from './fixtures/raw.js'

const PHONE = '01'.repeat(16)
const dirs: string[] = []

function newDir (): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}

async function unlocked (dir: string, key: Uint8Array): Promise<Vault> {
  const vault = await openVault(dir)
  await vault.unlock(key)
  return vault
}

/** Runs `edit` on the raw level database of a closed vault. */
async function raw (dir: string, edit: (db: ClassicLevel<string, Uint8Array>) => Promise<void>): Promise<void> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await db.open()
  try {
    await edit(db)
  } finally {
    await db.close()
  }
}

test.after(() => { for (const dir of dirs) removeDir(dir) })

test('nothing a patient wrote is readable in the database files', async () => {
  const dir = newDir()
  const key = new Uint8Array(randomBytes(32))
  const vault = await unlocked(dir, key)
  const secret = 'Penicillin anaphylaxis, seen by Dr Tanaka'
  const doc = Automerge.change(addReadings(emptyReadings(PHONE), 0, 50, PHONE), d => { d.observations['2015']!['2015-01']!['note1'] = new Automerge.ImmutableString(secret) })
  await vault.notebooks.save('nb1', doc)
  await vault.notebooks.save('nb1', addReadings(doc, 50, 51, PHONE))
  await vault.audit.append({ at: new Date().toISOString(), kind: 'write', notebook: 'nb1', detail: secret })
  await vault.consent.put('nb1/clinic', { note: secret })
  await vault.syncState.put('nb1', 'peer1', new TextEncoder().encode(secret))
  // A control the scan must find: the keystore slot is stored as given (identity sealed it already).
  await vault.putSealedKeystore(new TextEncoder().encode('keystore-control-bytes-0123456789'))
  await vault.close()

  assert.ok(filesContain(dir, 'keystore-control-bytes-0123456789'), 'the scan does not see stored values')
  assert.not.ok(filesContain(dir, secret), 'notebook text is readable on disk')
  assert.not.ok(filesContain(dir, '85354-9'), 'reading codes are readable on disk')
  assert.not.ok(filesContain(dir, 'Blood pressure panel'), 'reading names are readable on disk')
})

test('a chunk moved to another slot or notebook is reported as damaged, naming it, and nothing else breaks', async () => {
  const dir = newDir()
  const key = new Uint8Array(randomBytes(32))
  let vault = await unlocked(dir, key)
  for (const id of ['nbA', 'nbB', 'nbC']) {
    let doc = emptyReadings(PHONE)
    for (let seq = 0; seq < 4; seq++) await vault.notebooks.save(id, doc = addReadings(doc, seq, seq + 1, PHONE))
  }
  await vault.close()
  const chunks = async (db: ClassicLevel<string, Uint8Array>, id: string): Promise<string[]> => await db.keys({ gte: `nb/${id}/c/`, lt: `nb/${id}/c/~` }).all()
  await raw(dir, async db => {
    const [a1, a2] = await chunks(db, 'nbA')
    const [b1] = await chunks(db, 'nbB')
    // Within one notebook: chunk 1 overwritten by a copy of chunk 2. Across notebooks: A's chunk put in B's slot.
    await db.put(a1!, (await db.get(a2!))!)
    await db.put(b1!, (await db.get(a2!))!)
  })

  vault = await unlocked(dir, key)
  const a = await rejectsWith(vault.notebooks.load('nbA', { actor: PHONE }), 'ERR_DAMAGED_VAULT')
  assert.match(a.message, 'nb/nbA/c/0000000000')
  const b = await rejectsWith(vault.notebooks.load('nbB', { actor: PHONE }), 'ERR_DAMAGED_VAULT')
  assert.match(b.message, 'nb/nbB/c/0000000000')
  const c = await vault.notebooks.load<Readings>('nbC', { actor: PHONE })
  assert.equal(allReadings(c!).map(o => o.seq), [0, 1, 2, 3])
  await vault.notebooks.save('nbC', addReadings(c!, 4, 5, PHONE))
  await vault.audit.append({ at: new Date().toISOString(), kind: 'read', notebook: 'nbC', detail: 'still works' })
  assert.is((await vault.audit.list()).length, 1)
  await vault.close()
})

test('a record whose bytes were altered is reported as damaged, naming it', async () => {
  const dir = newDir()
  const key = new Uint8Array(randomBytes(32))
  let vault = await unlocked(dir, key)
  await vault.notebooks.save('nb1', addReadings(emptyReadings(PHONE), 0, 10, PHONE))
  await vault.close()
  await raw(dir, async db => {
    const snapshot = Uint8Array.from((await db.get('nb/nb1/snap'))!)
    snapshot[40]! ^= 1
    await db.put('nb/nb1/snap', snapshot)
  })
  vault = await unlocked(dir, key)
  const err = await rejectsWith(vault.notebooks.load('nb1', { actor: PHONE }), 'ERR_DAMAGED_VAULT')
  assert.match(err.message, 'nb/nb1/snap')
  await vault.close()
})

test('a wrong at-rest key is refused with ERR_WRONG_KEY and the vault stays locked', async () => {
  const dir = newDir()
  const key = new Uint8Array(randomBytes(32))
  let vault = await unlocked(dir, key)
  await vault.notebooks.save('nb1', emptyReadings(PHONE))
  await vault.close()

  vault = await openVault(dir)
  const err = await rejectsWith(vault.unlock(new Uint8Array(randomBytes(32))), 'ERR_WRONG_KEY')
  assert.match(err.message, dir)
  assert.not.ok(vault.unlocked)
  await rejectsWith(vault.notebooks.list(), 'ERR_LOCKED')
  await rejectsWith(vault.unlock(new Uint8Array(16)), 'ERR_BAD_INPUT')
  await vault.unlock(key)
  assert.equal(await vault.notebooks.list(), ['nb1'])
  await vault.close()
})

test('before unlock only the keystore slot works; every encrypted namespace says ERR_LOCKED', async () => {
  const dir = newDir()
  const vault = await openVault(dir)
  assert.is(await vault.getSealedKeystore(), undefined)
  await vault.putSealedKeystore(new Uint8Array([1, 2, 3]))
  assert.equal(await vault.getSealedKeystore(), new Uint8Array([1, 2, 3]))
  const attempts: Array<Promise<unknown>> = [
    vault.notebooks.save('nb1', emptyReadings(PHONE)),
    vault.notebooks.load('nb1', { actor: PHONE }),
    vault.notebooks.list(),
    vault.notebooks.shred('nb1'),
    vault.syncState.get('nb1', 'peer1'),
    vault.consent.put('nb1/c', true),
    vault.audit.list(),
    vault.audit.append({ at: new Date().toISOString(), kind: 'read', detail: 'x' })
  ]
  for (const attempt of attempts) {
    const err = await rejectsWith(attempt, 'ERR_LOCKED')
    assert.match(err.message, 'unlock')
  }
  await vault.close()
})

test('damaged database files are reported as ERR_DAMAGED_VAULT, not as a LevelDB stack trace', async () => {
  for (const damage of ['CURRENT', 'MANIFEST', 'table']) {
    const dir = newDir()
    const key = new Uint8Array(randomBytes(32))
    const vault = await unlocked(dir, key)
    await vault.notebooks.save('nb1', addReadings(emptyReadings(PHONE), 0, 200, PHONE))
    await vault.close()
    await (await openVault(dir)).close() // reopening moves the log into a table file
    const name = readdirSync(dir).find(f => damage === 'table' ? f.endsWith('.ldb') : f.startsWith(damage))!
    const bytes = readFileSync(join(dir, name))
    for (let i = 0; i < bytes.length; i += 5) bytes[i]! ^= 0x5a
    writeFileSync(join(dir, name), bytes)
    // LevelDB reads CURRENT and MANIFEST when it opens, table files when a read first needs them.
    const err = await rejectsWith((async () => {
      const reopened = await unlocked(dir, key)
      try {
        await reopened.notebooks.load('nb1', { actor: PHONE })
      } finally {
        await reopened.close()
      }
    })(), 'ERR_DAMAGED_VAULT')
    assert.match(err.message, dir)
    assert.match(err.message, 'damaged')
  }
})

test('a directory holding some other level database is not taken for a vault', async () => {
  const dir = newDir()
  await raw(dir, async db => { await db.put('hello', new TextEncoder().encode('world')) })
  const err = await rejectsWith(openVault(dir), 'ERR_DAMAGED_VAULT')
  assert.match(err.message, 'not a techo vault')
  // The refusal released the database.
  await raw(dir, async db => { assert.ok(await db.get('hello')) })
})

test('a vault written by a newer format is refused with ERR_UNSUPPORTED_VAULT', async () => {
  const dir = newDir()
  await (await openVault(dir)).close()
  await raw(dir, async db => { await db.put('meta/format', new TextEncoder().encode('2')) })
  const err = await rejectsWith(openVault(dir), 'ERR_UNSUPPORTED_VAULT')
  assert.match(err.message, 'upgrade techo')
})

test('a path that cannot hold a database is refused with ERR_VAULT_IO naming it', async () => {
  const file = join(newDir(), 'not-a-directory')
  writeFileSync(file, 'x')
  const err = await rejectsWith(openVault(join(file, 'vault')), 'ERR_VAULT_IO')
  assert.match(err.message, file)
})

test.run()
