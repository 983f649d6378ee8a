// The small encrypted namespaces: per-peer sync state, the consent cache and
// the audit log (ordering, filters, and no lost events across restarts).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import { openVault, type AuditEvent, type Vault } from '../src/index.js'
import { rejectsWith } from './fixtures/expect.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const dirs: string[] = []

async function fresh (): Promise<{ vault: Vault, reopen: () => Promise<Vault> }> {
  const dir = tempDir()
  dirs.push(dir)
  const key = new Uint8Array(randomBytes(32))
  const vault = await openVault(dir)
  await vault.unlock(key)
  return {
    vault,
    reopen: async () => {
      const again = await openVault(dir)
      await again.unlock(key)
      return again
    }
  }
}

const event = (at: string, kind: string, detail: string, notebook?: string): AuditEvent =>
  notebook === undefined ? { at, kind, detail } : { at, kind, detail, notebook }

test.after(() => { for (const dir of dirs) removeDir(dir) })

test('sync state is kept per notebook and peer, survives a restart, and can be forgotten', async () => {
  const { vault, reopen } = await fresh()
  await vault.syncState.put('nb1', 'peerA', new Uint8Array([1, 1]))
  await vault.syncState.put('nb1', 'peerB', new Uint8Array([2, 2]))
  await vault.syncState.put('nb2', 'peerA', new Uint8Array([3, 3]))
  await vault.syncState.put('nb1', 'peerA', new Uint8Array([4, 4, 4]))
  await vault.close()

  const again = await reopen()
  assert.equal(await again.syncState.get('nb1', 'peerA'), new Uint8Array([4, 4, 4]))
  assert.equal(await again.syncState.get('nb1', 'peerB'), new Uint8Array([2, 2]))
  assert.equal(await again.syncState.get('nb2', 'peerA'), new Uint8Array([3, 3]))
  assert.is(await again.syncState.get('nb2', 'peerB'), undefined)
  await again.syncState.delete('nb1', 'peerA')
  assert.is(await again.syncState.get('nb1', 'peerA'), undefined)
  await rejectsWith(again.syncState.put('nb1', 'peer/../x', new Uint8Array(1)), 'ERR_BAD_INPUT')
  await rejectsWith(again.syncState.put('nb1', 'peerA', 'text' as unknown as Uint8Array), 'ERR_BAD_INPUT')
  await again.close()
})

test('the consent cache stores JSON, lists by prefix, deletes, and survives a restart', async () => {
  const { vault, reopen } = await fresh()
  const grant = { clinic: 'clinicA', scope: 'read', expires: '2026-01-01T00:00:00Z', revoked: false, history: [1, 2] }
  await vault.consent.put('nb1/clinicA', grant)
  await vault.consent.put('nb1/clinicB', { clinic: 'clinicB', scope: 'write' })
  await vault.consent.put('nb10/clinicA', null)
  await vault.close()

  const again = await reopen()
  assert.equal(await again.consent.get('nb1/clinicA'), grant)
  assert.equal((await again.consent.list('nb1/')).map(e => e.key), ['nb1/clinicA', 'nb1/clinicB'])
  assert.equal((await again.consent.list()).map(e => e.key), ['nb1/clinicA', 'nb1/clinicB', 'nb10/clinicA'])
  assert.is(await again.consent.get('nb10/clinicA'), null)
  await again.consent.delete('nb1/clinicB')
  assert.equal((await again.consent.list('nb1/')).map(e => e.key), ['nb1/clinicA'])
  assert.is(await again.consent.get('nb1/clinicB'), undefined)
  await rejectsWith(again.consent.put('nb1//x', 1), 'ERR_BAD_INPUT')
  await rejectsWith(again.consent.put('nb1/x', undefined as unknown as null), 'ERR_BAD_INPUT')
  await again.close()
})

test('audit events list in time order whatever order they were appended in, with since, notebook, limit and reverse', async () => {
  const { vault } = await fresh()
  await vault.audit.append(event('2025-03-02T10:00:00Z', 'sync', 'second', 'nb1'))
  await vault.audit.append(event('2025-03-01T10:00:00Z', 'write', 'first', 'nb1'))
  await vault.audit.append(event('2025-03-03T10:00:00.000+09:00', 'read', 'third (01:00Z)', 'nb2'))
  await vault.audit.append(event('2025-03-04T10:00:00Z', 'grant', 'fourth'))
  const details = async (q: Parameters<Vault['audit']['list']>[0]): Promise<string[]> => (await vault.audit.list(q)).map(e => e.detail)
  assert.equal(await details({}), ['first', 'second', 'third (01:00Z)', 'fourth'])
  assert.equal(await details({ since: '2025-03-02T10:00:00Z' }), ['second', 'third (01:00Z)', 'fourth'])
  assert.equal(await details({ notebook: 'nb1' }), ['first', 'second'])
  assert.equal(await details({ limit: 2 }), ['first', 'second'])
  assert.equal(await details({ reverse: true, limit: 2 }), ['fourth', 'third (01:00Z)'])
  assert.equal(await details({ reverse: true, notebook: 'nb1', limit: 1 }), ['second'])
  assert.equal(await details({ since: '2025-03-02T00:00:00Z', notebook: 'nb2' }), ['third (01:00Z)'])
  assert.equal((await vault.audit.list({ notebook: 'nb2' }))[0], event('2025-03-03T10:00:00.000+09:00', 'read', 'third (01:00Z)', 'nb2'))
  await vault.close()
})

test('events with the same time keep their append order, and none is lost across restarts', async () => {
  const { vault, reopen } = await fresh()
  const at = '2025-05-05T05:05:05.005Z'
  for (const detail of ['a', 'b', 'c']) await vault.audit.append(event(at, 'read', detail))
  await vault.close()
  const again = await reopen()
  for (const detail of ['d', 'e']) await again.audit.append(event(at, 'read', detail))
  assert.equal((await again.audit.list()).map(e => e.detail), ['a', 'b', 'c', 'd', 'e'])
  await again.close()
})

test('malformed audit events are refused and nothing is appended', async () => {
  const { vault } = await fresh()
  const bad: unknown[] = [
    { at: 'last tuesday', kind: 'read', detail: 'x' },
    { at: '1969-12-31T23:59:59Z', kind: 'read', detail: 'x' },
    { at: '2025-01-01T00:00:00Z', kind: 'Read Everything!', detail: 'x' },
    { at: '2025-01-01T00:00:00Z', kind: 'read' },
    { at: '2025-01-01T00:00:00Z', kind: 'read', detail: 'x', peer: 'a/b' },
    { at: '2025-01-01T00:00:00Z', kind: 'read', detail: 'x'.repeat(5000) },
    null
  ]
  for (const e of bad) await rejectsWith(vault.audit.append(e as AuditEvent), 'ERR_BAD_INPUT')
  await rejectsWith(vault.audit.list({ since: 'soon' }), 'ERR_BAD_INPUT')
  await rejectsWith(vault.audit.list({ limit: 0 }), 'ERR_BAD_INPUT')
  assert.equal(await vault.audit.list(), [])
  await vault.close()
})

test.run()
