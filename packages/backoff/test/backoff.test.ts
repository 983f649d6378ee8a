import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Backoff } from '../src/index.js'

test('delays double from the base up to the cap, each between half its ceiling and the ceiling', () => {
  const low = new Backoff({ baseMs: 100, maxMs: 1000 }, () => 0)
  const high = new Backoff({ baseMs: 100, maxMs: 1000 }, () => 1)
  assert.equal(Array.from({ length: 6 }, () => low.next()), [50, 100, 200, 400, 500, 500])
  assert.equal(Array.from({ length: 6 }, () => high.next()), [100, 200, 400, 800, 1000, 1000])
  assert.is(high.failures, 6)
})

test('a reset starts again from the base', () => {
  const b = new Backoff({ baseMs: 100, maxMs: 1000 }, () => 1)
  b.next(); b.next(); b.next()
  b.reset()
  assert.is(b.failures, 0)
  assert.is(b.next(), 100)
})

test('thousands of failures in a row never overflow the cap', () => {
  const b = new Backoff({ baseMs: 250, maxMs: 30_000 }, () => 1)
  let last = 0
  for (let i = 0; i < 5000; i++) last = b.next()
  assert.is(last, 30_000)
})

test.run()
