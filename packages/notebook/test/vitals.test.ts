import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Notebook, VITALS, parseVital, type VitalEntry, type VitalInput } from '../src/index.js'
import { clockAt, newActor, newParty, patientNotebook, refused } from './helpers.js'

test('every kind of reading typed on the command line is stored with its value and time', () => {
  const nb = patientNotebook()
  const typed: Array<[string, string, Partial<VitalEntry>]> = [
    ['bp', '120/80', { kind: 'bp', systolic: 120, diastolic: 80 }],
    ['blood-pressure', '135 / 85 mmHg', { kind: 'bp', systolic: 135, diastolic: 85 }],
    ['temp', '36.8', { kind: 'temp', value: 36.8 }],
    ['temperature', '37.2°C', { kind: 'temp', value: 37.2 }],
    ['pulse', '72', { kind: 'pulse', value: 72 }],
    ['hr', '64 bpm', { kind: 'pulse', value: 64 }],
    ['heart-rate', '90', { kind: 'pulse', value: 90 }],
    ['weight', '64.2', { kind: 'weight', value: 64.2 }],
    ['weight', '64.0kg', { kind: 'weight', value: 64 }],
    ['spo2', '98%', { kind: 'spo2', value: 98 }],
    ['glucose', '95', { kind: 'glucose', value: 95 }],
    ['glucose', '110 mg/dL', { kind: 'glucose', value: 110 }],
    ['steps', '8000', { kind: 'steps', value: 8000 }]
  ]
  typed.forEach(([kind, text, expected], i) => {
    const at = `2024-06-0${1 + (i % 9)}T0${i % 10}:15:00+09:00`
    const entry = nb.addVital(parseVital(kind, text, at))
    assert.equal({ kind: entry.kind, ...('value' in entry ? { value: entry.value } : { systolic: entry.systolic, diastolic: entry.diastolic }) }, expected, `${kind} ${text}`)
    assert.is(entry.at, at)
    assert.equal(nb.get(entry.id), entry)
  })
  for (const kind of Object.keys(VITALS)) {
    const expected = typed.filter(([, , e]) => e.kind === kind).length
    assert.is(nb.query({ type: 'vital', kind: kind as VitalEntry['kind'] }).length, expected, kind)
  }
  assert.is(nb.query({ type: 'vital' }).length, typed.length)
  assert.is(nb.query({ type: 'allergy' }).length, 0)
})

test('a reading records its author device and party, and when it was recorded', () => {
  const clock = clockAt('2024-06-15T09:00:00Z')
  const patientId = newParty()
  const actor = newActor()
  const nb = Notebook.create({ patientId, actor, party: patientId, now: clock.now })
  clock.set('2024-06-15T09:30:00Z')
  const entry = nb.addVital({ kind: 'pulse', value: 70 })
  assert.equal(entry.author, { device: actor, party: patientId })
  assert.is(entry.recorded, '2024-06-15T09:30:00Z')
  assert.is(entry.at, '2024-06-15T09:30:00Z', 'the time defaults to now')
  assert.match(entry.id, /^[1-9A-HJ-NP-Za-km-z]{8,20}$/)
})

test('queries by time range return readings in time order, whatever order they were added in', () => {
  const nb = patientNotebook('2025-01-01T00:00:00Z')
  const times = ['2024-03-31T23:30:00-02:00', '2024-02-29T12:00:00Z', '2024-04-01T00:00:00Z', '2023-12-31T23:59:59Z', '2024-03-01T08:00:00+09:00', '2024-03-15T10:00:00Z']
  for (const at of times) nb.addVital({ kind: 'weight', value: 60, at })
  const all = nb.query({ kind: 'weight' }).map(e => e.at)
  // 2024-03-01T08:00+09:00 is 2024-02-29T23:00Z; 2024-03-31T23:30-02:00 is 2024-04-01T01:30Z.
  assert.equal(all, ['2023-12-31T23:59:59Z', '2024-02-29T12:00:00Z', '2024-03-01T08:00:00+09:00', '2024-03-15T10:00:00Z', '2024-04-01T00:00:00Z', '2024-03-31T23:30:00-02:00'])
  // March 2024 in UTC: since is inclusive, until exclusive.
  assert.equal(nb.query({ since: '2024-03-01', until: '2024-04-01' }).map(e => e.at), ['2024-03-15T10:00:00Z'])
  assert.equal(nb.query({ since: '2024-04-01T00:00:00Z' }).map(e => e.at), ['2024-04-01T00:00:00Z', '2024-03-31T23:30:00-02:00'])
  assert.equal(nb.query({ until: '2024-02-29T23:00:00Z' }).map(e => e.at), ['2023-12-31T23:59:59Z', '2024-02-29T12:00:00Z'])
  refused(() => nb.query({ since: 'last week' }), 'ERR_BAD_ENTRY')
})

test('every bad reading is refused with a message naming the field, value and allowed range or unit, and nothing is written', () => {
  const nb = patientNotebook()
  nb.addVital({ kind: 'temp', value: 36.5 })
  const heads = nb.heads()
  const cases: Array<[string, string, string]> = [
    ['bp', '300/20', 'Systolic pressure 300 mm[Hg] is out of range (50–260).'],
    ['bp', '120/20', 'Diastolic pressure 20 mm[Hg] is out of range (30–160).'],
    ['bp', '80/120', 'Systolic pressure 80 mm[Hg] must be higher than diastolic pressure 120 mm[Hg].'],
    ['bp', '120', 'Blood pressure "120" is not systolic/diastolic in mm[Hg], e.g. bp 120/80.'],
    ['bp', 'high/80', 'Systolic pressure "high" is not a number; enter mmHg (50–260), e.g. bp 120/80.'],
    ['temp', 'abc', 'Body temperature "abc" is not a number; enter °C (25–45), e.g. temp 36.8.'],
    ['temp', '36,8', 'Body temperature "36,8" (use a dot for decimals) is not a number'],
    ['temp', '98.6', 'Body temperature 98.6 Cel is out of range (25–45); it looks like Fahrenheit, so enter it in Celsius: temp 37.0.'],
    ['temp', '98.6F', 'Body temperature unit "F" is not accepted; enter °C, e.g. temp 36.8.'],
    ['pulse', '300', 'Heart rate 300 /min is out of range (20–250).'],
    ['weight', '0.1', 'Body weight 0.1 kg is out of range (0.5–500).'],
    ['weight', '150 lb', 'Body weight unit "lb" is not accepted; enter kg, e.g. weight 64.2.'],
    ['spo2', '101', 'Oxygen saturation 101 % is out of range (50–100).'],
    ['glucose', '5.4', 'Blood glucose 5.4 mg/dL is out of range (10–1000); it looks like mmol/L, so enter it in mg/dL: glucose 97.'],
    ['glucose', '1200', 'Blood glucose 1200 mg/dL is out of range (10–1000).'],
    ['steps', '12.5', 'Steps 12.5 must be a whole number (0–200000).'],
    ['steps', '-1', 'Steps -1 /d is out of range (0–200000).'],
    ['mood', '5', 'Unknown kind of reading "mood"; use one of bp, temp, pulse, weight, spo2, glucose, steps.'],
    ['toString', '5', 'Unknown kind of reading "toString"']
  ]
  for (const [kind, text, message] of cases) {
    const err = refused(() => nb.addVital(parseVital(kind, text)), 'ERR_BAD_READING')
    assert.ok(err.message.startsWith(message), `${kind} ${text}: ${err.message}`)
  }
  const programmatic: Array<[VitalInput, string]> = [
    [{ kind: 'temp', value: Number.NaN }, 'Body temperature NaN is not a number'],
    [{ kind: 'temp', value: '36.6' as unknown as number }, 'Body temperature "36.6" is not a number'],
    [{ kind: 'temp', value: 36.6, unit: '[degF]' }, 'Body temperature unit "[degF]" is not accepted; use Cel (°C).'],
    [{ kind: 'bp', systolic: 120 } as VitalInput, 'Diastolic pressure undefined is not a number'],
    [{ kind: 'bp', systolic: 120, diastolic: 80, unit: 'mmHg' }, 'Blood pressure unit "mmHg" is not accepted; use mm[Hg] (mmHg).']
  ]
  for (const [input, message] of programmatic) {
    const err = refused(() => nb.addVital(input), 'ERR_BAD_READING')
    assert.ok(err.message.startsWith(message), err.message)
  }
  assert.equal(nb.heads(), heads, 'no bad reading changed the document')
  assert.is(nb.query().length, 1)
})

test('reading times must be real, zoned, after 1900 and not in the future', () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  const heads = nb.heads()
  const bad: Array<[string, string]> = [
    ['2024-06-01T08:00:00', 'Reading time "2024-06-01T08:00:00" is not an ISO 8601 date-time with a zone'],
    ['2024-06-01', 'Reading time "2024-06-01" is not an ISO 8601 date-time with a zone'],
    ['yesterday', 'Reading time "yesterday" is not an ISO 8601 date-time with a zone'],
    ['2024-02-30T08:00:00Z', 'Reading time 2024-02-30T08:00:00Z is not a real calendar date and time.'],
    ['2024-06-01T24:00:00Z', 'Reading time 2024-06-01T24:00:00Z is not a real calendar date and time.'],
    ['2024-06-01T08:00:00+15:00', 'Reading time 2024-06-01T08:00:00+15:00 is not a real calendar date and time.'],
    ['1899-12-31T23:00:00Z', 'Reading time 1899-12-31T23:00:00Z is before 1900.'],
    ['2024-06-15T09:11:00Z', 'Reading time 2024-06-15T09:11:00Z is in the future; it may be at most 10 minutes ahead of this device\'s clock.']
  ]
  for (const [at, message] of bad) {
    const err = refused(() => nb.addVital({ kind: 'pulse', value: 60, at }), 'ERR_BAD_READING')
    assert.ok(err.message.startsWith(message), err.message)
  }
  assert.equal(nb.heads(), heads)
  // Minutes without seconds are completed (FHIR requires seconds); a little clock skew is tolerated.
  assert.is(nb.addVital({ kind: 'pulse', value: 60, at: '2024-06-15T18:05+09:00' }).at, '2024-06-15T18:05:00+09:00')
  assert.is(nb.addVital({ kind: 'pulse', value: 61, at: '2024-06-15T09:09:00Z' }).at, '2024-06-15T09:09:00Z')
})

test.run()
