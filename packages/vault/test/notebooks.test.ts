// Notebooks in the vault: save and load round trips over many saves and past
// compaction, reopening, the actor of later edits, stale copies, concurrent
// saves, audit events in the same batch, and bad input.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import * as Automerge from '@automerge/automerge'
import { openVault, type Vault } from '../src/index.js'
import { addReadings, allReadings, emptyReadings, type Readings } from './fixtures/readings.js'
import { rejectsWith } from './fixtures/expect.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const PHONE = '01'.repeat(16)
const TABLET = '02'.repeat(16)
const dirs: string[] = []

async function freshVault (options: Parameters<typeof openVault>[1] = {}): Promise<{ vault: Vault, dir: string, key: Uint8Array }> {
  const dir = tempDir()
  dirs.push(dir)
  const key = new Uint8Array(randomBytes(32))
  const vault = await openVault(dir, options)
  await vault.unlock(key)
  return { vault, dir, key }
}

function seqs (doc: Automerge.Doc<Readings> | undefined): number[] {
  return doc === undefined ? [] : allReadings(doc).map(o => o.seq)
}

const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

test.after(() => { for (const dir of dirs) removeDir(dir) })

test('a notebook saved reading by reading loads back whole, past several compactions and after reopening', async () => {
  const { vault, dir, key } = await freshVault({ compaction: { maxChunks: 10 } })
  let doc = emptyReadings(PHONE)
  let compactions = 0
  for (let seq = 0; seq < 45; seq++) {
    doc = addReadings(doc, seq, seq + 1, PHONE)
    const result = await vault.notebooks.save('nb1', doc)
    assert.ok(result.changed)
    if (result.compacted) compactions++
  }
  assert.ok(compactions >= 3, `expected several compactions, got ${compactions}`)
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), upTo(45))
  await vault.close()

  const reopened = await openVault(dir)
  await reopened.unlock(key)
  const loaded = await reopened.notebooks.load<Readings>('nb1', { actor: TABLET })
  assert.equal(seqs(loaded), upTo(45))
  assert.equal(Automerge.getHeads(loaded!).sort(), Automerge.getHeads(doc).sort())
  await reopened.close()
})

test('edits made after load carry the loading device and are saved on top', async () => {
  const { vault, dir, key } = await freshVault()
  await vault.notebooks.save('nb1', addReadings(emptyReadings(PHONE), 0, 5, PHONE))
  let onTablet = (await vault.notebooks.load<Readings>('nb1', { actor: TABLET }))!
  onTablet = addReadings(onTablet, 5, 6, TABLET)
  await vault.notebooks.save('nb1', onTablet)
  await vault.close()

  const reopened = await openVault(dir)
  await reopened.unlock(key)
  const doc = (await reopened.notebooks.load<Readings>('nb1', { actor: PHONE }))!
  assert.equal(seqs(doc), upTo(6))
  const authors = new Set(Automerge.getAllChanges(doc).map(c => Automerge.decodeChange(c).actor))
  assert.equal([...authors].sort(), [PHONE, TABLET])
  await reopened.close()
})

test('saving a copy that lacks changes saved since it was loaded is refused, and nothing is written', async () => {
  const { vault } = await freshVault()
  const base = addReadings(emptyReadings(PHONE), 0, 3, PHONE)
  await vault.notebooks.save('nb1', base)
  const newer = addReadings(Automerge.clone(base), 3, 4, PHONE)
  await vault.notebooks.save('nb1', newer)
  const stale = addReadings(Automerge.clone(base, { actor: TABLET }), 100, 101, TABLET)
  await rejectsWith(vault.notebooks.save('nb1', stale), 'ERR_STALE_DOC')
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), upTo(4))
  // Merged with what was saved, the same edit goes through.
  const merged = Automerge.merge(Automerge.clone(stale), newer)
  assert.ok((await vault.notebooks.save('nb1', merged)).changed)
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), [...upTo(4), 100])
  await vault.close()
})

test('a save without new changes writes nothing', async () => {
  const { vault } = await freshVault()
  const doc = addReadings(emptyReadings(PHONE), 0, 2, PHONE)
  assert.ok((await vault.notebooks.save('nb1', doc)).changed)
  const again = await vault.notebooks.save('nb1', doc)
  assert.equal(again, { changed: false, compacted: false, bytes: 0 })
  await vault.close()
})

test('saves issued together, without waiting, all land in order', async () => {
  const { vault } = await freshVault({ compaction: { maxChunks: 3 } })
  const versions: Array<Automerge.Doc<Readings>> = []
  let doc = emptyReadings(PHONE)
  for (let seq = 0; seq < 12; seq++) versions.push(doc = addReadings(doc, seq, seq + 1, PHONE))
  await Promise.all(versions.map(v => vault.notebooks.save('nb1', v)))
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), upTo(12))
  await vault.close()
})

test('audit events given to a save are stored with it; a bad event stops the save before anything is written', async () => {
  const { vault } = await freshVault()
  const doc = addReadings(emptyReadings(PHONE), 0, 1, PHONE)
  await vault.notebooks.save('nb1', doc, { audit: [{ at: '2025-03-01T09:00:00Z', kind: 'write', notebook: 'nb1', detail: 'added a blood pressure reading' }] })
  const next = addReadings(doc, 1, 2, PHONE)
  await rejectsWith(vault.notebooks.save('nb1', next, { audit: [{ at: 'yesterday', kind: 'write', detail: 'x' }] }), 'ERR_BAD_INPUT')
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), [0])
  const events = await vault.audit.list()
  assert.equal(events, [{ at: '2025-03-01T09:00:00Z', kind: 'write', notebook: 'nb1', detail: 'added a blood pressure reading' }])
  await vault.close()
})

test('compact() folds pending chunks into the snapshot and the notebook loads the same', async () => {
  const { vault } = await freshVault()
  let doc = emptyReadings(PHONE)
  for (let seq = 0; seq < 20; seq++) await vault.notebooks.save('nb1', doc = addReadings(doc, seq, seq + 1, PHONE))
  assert.ok(await vault.notebooks.compact('nb1'))
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), upTo(20))
  // The next save after compaction is an ordinary chunk again.
  const result = await vault.notebooks.save('nb1', addReadings(doc, 20, 21, PHONE))
  assert.equal([result.changed, result.compacted], [true, false])
  assert.equal(seqs(await vault.notebooks.load('nb1', { actor: TABLET })), upTo(21))
  assert.not.ok(await vault.notebooks.compact('unknown'))
  await vault.close()
})

test('list and has report stored notebooks; an unknown one loads as undefined', async () => {
  const { vault } = await freshVault()
  assert.equal(await vault.notebooks.list(), [])
  await vault.notebooks.save('nb-b', emptyReadings(PHONE))
  await vault.notebooks.save('nb-a', emptyReadings(PHONE))
  assert.equal(await vault.notebooks.list(), ['nb-a', 'nb-b'])
  assert.ok(await vault.notebooks.has('nb-a'))
  assert.not.ok(await vault.notebooks.has('nb-c'))
  assert.is(await vault.notebooks.load('nb-c', { actor: TABLET }), undefined)
  await vault.close()
})

test('bad notebook ids, actors and documents are refused with ERR_BAD_INPUT', async () => {
  const { vault } = await freshVault()
  const doc = emptyReadings(PHONE)
  for (const id of ['', 'a/b', 'x'.repeat(129), 'nb 1']) {
    const err = await rejectsWith(vault.notebooks.save(id, doc), 'ERR_BAD_INPUT')
    assert.match(err.message, 'notebook id')
  }
  await vault.notebooks.save('nb1', doc)
  await rejectsWith(vault.notebooks.load('nb1', { actor: 'not-hex' }), 'ERR_BAD_INPUT')
  await rejectsWith(vault.notebooks.save('nb1', { observations: {} } as unknown as Automerge.Doc<unknown>), 'ERR_BAD_INPUT')
  assert.equal(await vault.notebooks.list(), ['nb1'])
  await vault.close()
})

test('a closed vault says so', async () => {
  const { vault } = await freshVault()
  await vault.close()
  await rejectsWith(vault.notebooks.list(), 'ERR_VAULT_CLOSED')
  await rejectsWith(vault.getSealedKeystore(), 'ERR_VAULT_CLOSED')
})

test.run()
