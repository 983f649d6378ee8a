// How entries are stored: one immutable string per entry, the canonical JSON of its body, so an
// entry costs one Automerge op to load, store and send; an amend overwrites that one op. What is
// stored may come from another peer, so anything that is not a valid entry is skipped, not trusted.
import { format } from 'node:util'
import * as A from '@automerge/automerge'
import { canonicalize } from '@techo/identity'
import createDebug from 'debug'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Notebook, exportFhirBundle, type Entry, type NotebookDoc } from '../src/index.js'
import { newActor, patientNotebook, refused } from './helpers.js'

/** The ops of the last change this notebook's device made. */
function lastOps (nb: Notebook): A.DecodedChange['ops'] {
  return A.decodeChange(A.getLastLocalChange(nb.doc) as Uint8Array).ops
}

/** What the document holds for an entry: its stored value at entries[device][year][month][day][id]. */
function storedValue (nb: Notebook, id: string): unknown {
  for (const years of Object.values(nb.doc.entries)) {
    for (const months of Object.values(years)) {
      for (const days of Object.values(months)) {
        for (const day of Object.values(days)) if (id in day) return day[id]
      }
    }
  }
  return undefined
}

function body ({ id: _id, ...rest }: Entry): Omit<Entry, 'id'> {
  return rest
}

test('a reading is stored as one op holding its canonical JSON; an amend overwrites that op, naming the version before', () => {
  const phone = patientNotebook()
  phone.addVital({ kind: 'pulse', value: 64, at: '2024-06-15T07:00:00Z' })
  const reading = phone.addVital({ kind: 'bp', systolic: 128, diastolic: 84, at: '2024-06-15T08:00:00Z' })
  const [op, ...more] = lastOps(phone)
  assert.equal(more, [], 'a reading on a day that already has one adds a single op')
  assert.is(op?.action, 'set')
  assert.is(op?.key, reading.id)
  assert.is(op?.value, canonicalize(body(reading)))
  assert.ok(A.isImmutableString(storedValue(phone, reading.id)), 'an immutable string, not per-character text')

  const tablet = Notebook.load(phone.save(), { actor: newActor(), party: phone.party })
  const amended = tablet.amend(reading.id, { systolic: 124 })
  const [overwrite, ...rest] = lastOps(tablet)
  assert.equal(rest, [])
  assert.is(overwrite?.value, canonicalize(body(amended)))
  assert.is(overwrite?.pred.length, 1)
  assert.ok(overwrite?.pred[0]?.endsWith(`@${phone.actor}`), 'the overwritten op is the phone\'s, so whose entry changed is visible')
  assert.equal(tablet.get(reading.id), amended)
})

test('stored values that are not valid entries are skipped and logged; the valid entries around them still read', () => {
  const nb = patientNotebook()
  const good = nb.addVital({ kind: 'weight', value: 64.2, at: '2024-06-15T07:00:00Z' })
  const json = canonicalize(body(good))
  const bad: Record<string, unknown> = {
    notJson: new A.ImmutableString('{"type":"vital"'),
    array: new A.ImmutableString('[1,2,3]'),
    outOfRange: new A.ImmutableString(json.replace('"value":64.2', '"value":9999')),
    extraField: new A.ImmutableString(json.replace('{', '{"remark":"x",')),
    notNormalised: new A.ImmutableString(json.replace('"at":"2024-06-15T07:00:00Z"', '"at":"2024-06-15T07:00Z"')),
    noAuthor: new A.ImmutableString(canonicalize({ ...body(good), author: null })),
    unknownType: new A.ImmutableString(json.replace('"type":"vital"', '"type":"secret"')),
    loneSurrogate: new A.ImmutableString(json.replace('"kind":"weight"', '"kind":"weight\\ud800"')),
    text: 'a plain string is collaborative text',
    number: 42,
    oldShape: { type: new A.ImmutableString('vital'), kind: new A.ImmutableString('weight'), value: 80, at: new A.ImmutableString(good.at) }
  }
  const logged: string[] = []
  const log = createDebug.log
  createDebug.enable('techo:notebook')
  createDebug.log = (...args: unknown[]) => { logged.push(format(...args)) }
  try {
    nb.setDoc(A.change(nb.doc, d => {
      const day = d.entries[nb.actor]?.['2024']?.['06']?.['15'] as Record<string, unknown>
      for (const [id, value] of Object.entries(bad)) day[id] = value
      // Maps where a year, month or day belongs that are not maps hold nothing, and hide nothing else.
      ;(d.entries[nb.actor]?.['2024'] as Record<string, unknown>)['07'] = null
      ;(d.entries[nb.actor] as Record<string, unknown>)['2023'] = 7
      ;(d.entries as Record<string, unknown>)[newActor()] = new A.ImmutableString('not a map')
    }))
    assert.equal(nb.query(), [good])
    assert.equal(nb.query({ kind: 'weight' }), [good])
    for (const id of Object.keys(bad)) {
      assert.is(nb.get(id), undefined, id)
      assert.ok(logged.some(line => line.includes(`entry ${id} is not a valid entry`)), `no log line for ${id}`)
    }
    assert.is(refused(() => nb.amend('outOfRange', { value: 65 }), 'ERR_BAD_DOCUMENT').message,
      'Entry outOfRange is damaged (not a valid notebook entry) and cannot be amended.')
    assert.is(exportFhirBundle(nb).entry.length, 2, 'the patient placeholder and the one valid reading')
    assert.equal(nb.amend(good.id, { value: 64.5 }), { ...good, value: 64.5, amended: nb.now().toISOString().replace(/\.\d{3}Z$/, 'Z') })
  } finally {
    createDebug.log = log
    createDebug.disable()
  }
  // The document is still a notebook a new device can load and read.
  assert.is(Notebook.fromDoc(A.load<NotebookDoc>(nb.save()), { actor: newActor(), party: nb.party }).query().length, 1)
})

test('an entry sits at entries[device][year][month][day] by its UTC time; a device\'s years add no key at the top', () => {
  const nb = patientNotebook('2025-01-01T00:00:00Z')
  // 2019-12-31T23:30-02:00 is 2020-01-01T01:30Z: the bucket follows the UTC day, not the writer's zone.
  const times = ['2019-12-31T23:30:00-02:00', ...Array.from({ length: 30 }, (_, i) => `${1990 + i}-07-04T12:00:00Z`)]
  const ids = nb.batch(() => times.map(at => nb.addVital({ kind: 'pulse', value: 60, at }).id))
  assert.ok(A.isImmutableString(nb.doc.entries[nb.actor]?.['2020']?.['01']?.['01']?.[ids[0] as string]))
  assert.equal(Object.keys(nb.doc.entries), [nb.actor], 'one key per writing device, whatever the years')
  assert.is(Object.keys(nb.doc.entries[nb.actor] ?? {}).length, 31, 'its years: 1990 to 2019, and 2020')
  // A new time moves the entry to its new day's bucket, under the device that amended it.
  nb.amend(ids[0] as string, { at: '2021-02-03T04:05:06Z' })
  assert.ok(A.isImmutableString(nb.doc.entries[nb.actor]?.['2021']?.['02']?.['03']?.[ids[0] as string]))
  assert.is(nb.doc.entries[nb.actor]?.['2020']?.['01']?.['01']?.[ids[0] as string], undefined)
})

test('a time-range query opens only the years, months and days that overlap the range', () => {
  const nb = patientNotebook()
  const good = nb.addVital({ kind: 'pulse', value: 60, at: '2024-06-15T08:00:00Z' })
  // A bad string in each bucket; reading one logs it, so the log shows which buckets a query opened.
  const planted: Record<string, string[]> = { in: ['2024', '06', '15'], lastYear: ['2023', '06', '15'], lastMonth: ['2024', '05', '15'], dayBefore: ['2024', '06', '14'], dayAfter: ['2024', '06', '16'] }
  nb.setDoc(A.change(nb.doc, d => {
    for (const [id, keys] of Object.entries(planted)) {
      let map = d.entries[nb.actor] as Record<string, unknown>
      for (const key of keys) {
        map[key] ??= {}
        // Read back, not the {} just assigned: Automerge copied that into the document.
        map = map[key] as Record<string, unknown>
      }
      map[id] = new A.ImmutableString('not an entry')
    }
  }))
  const logged: string[] = []
  const log = createDebug.log
  createDebug.enable('techo:notebook')
  createDebug.log = (...args: unknown[]) => { logged.push(format(...args)) }
  const opened = (): string[] => Object.keys(planted).filter(id => logged.some(line => line.includes(`entry ${id} is not a valid entry`)))
  try {
    assert.equal(nb.query({ since: '2024-06-15T06:00:00Z', until: '2024-06-15T09:00:00Z' }), [good])
    assert.equal(opened(), ['in'])
    assert.equal(nb.query(), [good])
    assert.equal(opened(), Object.keys(planted), 'a query without a range opens every bucket')
  } finally {
    createDebug.log = log
    createDebug.disable()
  }
})

test('text with a broken character (a lone UTF-16 surrogate) is refused before anything is written', () => {
  const nb = patientNotebook()
  const heads = nb.heads()
  assert.is(refused(() => nb.addNote({ text: 'Dose \ud800 twice daily.' }), 'ERR_BAD_ENTRY').message,
    'Note text contains a broken character (a lone UTF-16 surrogate); remove it and try again.')
  refused(() => nb.addCondition({ code: { text: 'Asthma', system: 'http://snomed.info/sct', code: '195967001\udc00' } }), 'ERR_BAD_ENTRY')
  assert.equal(nb.heads(), heads)
})

test.run()
