import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { CodedError, errorCode } from '../src/index.js'

class ThingError extends CodedError<'ERR_THING'> {}

test('a coded error keeps its code, message and cause, and is an Error', () => {
  const cause = new Error('disk full')
  const err = new ThingError('ERR_THING', 'The thing could not be saved.', { cause })
  assert.instance(err, Error)
  assert.is(err.code, 'ERR_THING')
  assert.is(err.message, 'The thing could not be saved.')
  assert.is(err.cause, cause)
})

test('errorCode reads an ERR_ code from anything thrown, and nothing else', () => {
  assert.is(errorCode(new ThingError('ERR_THING', 'x')), 'ERR_THING')
  assert.is(errorCode(Object.assign(new Error('x'), { code: 'ERR_FROM_ELSEWHERE' })), 'ERR_FROM_ELSEWHERE')
  // Node's own errno codes are not stable Techo codes.
  assert.is(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' })), undefined)
  assert.is(errorCode('a string'), undefined)
  assert.is(errorCode(null), undefined)
})

test.run()
