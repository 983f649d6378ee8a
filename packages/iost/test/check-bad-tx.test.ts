// The node's `/sendTx` pre-check of action data (go-iost `CheckBadTx`): Go's JSON decoder reads
// each action's `data`, then transfers and pledges have their amounts checked.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { checkBadTx } from '../src/index.js'

// A transaction holding one action; checkBadTx reads nothing but the actions.
function withAction (contract: string, actionName: string, data: string): string {
  return JSON.stringify({ actions: [{ contract, action_name: actionName, data }] })
}
const transfer = (amount: unknown, token = 'iost'): string =>
  withAction('token.iost', 'transfer', JSON.stringify([token, 'admin', 'bob', amount, 'memo']))
const pledge = (amount: string): string => withAction('gas.iost', 'pledge', JSON.stringify(['admin', 'admin', amount]))

test('action data that is not JSON is refused with Go\'s decoder message and the data', () => {
  assert.is(checkBadTx(withAction('c', 'a', 'abc')), 'invalid json array: invalid character \'a\' looking for beginning of value, abc')
  assert.is(checkBadTx(withAction('c', 'a', '')), 'invalid json array: EOF, ')
  assert.is(checkBadTx(withAction('c', 'a', '  ')), 'invalid json array: EOF,   ')
  assert.is(checkBadTx(withAction('c', 'a', '["a",')), 'invalid json array: unexpected EOF, ["a",')
  assert.is(checkBadTx(withAction('c', 'a', '["a" 1]')), 'invalid json array: invalid character \'1\' after array element, ["a" 1]')
  assert.is(checkBadTx(withAction('c', 'a', '[tru]')), 'invalid json array: invalid character \']\' in literal true (expecting \'e\'), [tru]')
  assert.is(checkBadTx(withAction('c', 'a', '["\t"]')), 'invalid json array: invalid character \'\\t\' in string literal, ["\t"]')
  assert.is(checkBadTx(withAction('c', 'a', '[1.]')), 'invalid json array: invalid character \']\' after decimal point in numeric literal, [1.]')
  assert.is(checkBadTx(withAction('c', 'a', 'é')), 'invalid json array: invalid character \'Ã\' looking for beginning of value, é')
})

test('data must be an array; what follows the first JSON value is not read', () => {
  assert.is(checkBadTx(withAction('c', 'a', '{"a":1}')), 'invalid json array: type assertion to []interface{} failed, {"a":1}')
  assert.is(checkBadTx(withAction('c', 'a', '12')), 'invalid json array: type assertion to []interface{} failed, 12')
  assert.is(checkBadTx(withAction('c', 'a', '[1] trailing words')), null)
  assert.is(checkBadTx(withAction('c', 'a', '[]')), null)
})

test('Go\'s nesting limit of 10000 applies', () => {
  assert.is(checkBadTx(withAction('c', 'a', '['.repeat(10000) + ']'.repeat(10000))), null)
  const tooDeep = '['.repeat(10001)
  assert.is(checkBadTx(withAction('c', 'a', tooDeep)), `invalid json array: invalid character '[' exceeded max depth, ${tooDeep}`)
})

test('an iost transfer needs five arguments, string token and amount, at most 8 decimals', () => {
  assert.is(checkBadTx(transfer('10.5')), null)
  assert.is(checkBadTx(transfer('0.12345678')), null)
  assert.is(checkBadTx(transfer('1.123456789')), 'invalid decimal: 1.123456789')
  assert.is(checkBadTx(transfer('1.123456789', 'emogi')), null, 'only iost is limited to 8 decimals')
  assert.is(checkBadTx(withAction('token.iost', 'transfer', '["iost","a","b","1"]')), 'wrong args num: ["iost","a","b","1"]')
  assert.is(checkBadTx(transfer(10)), 'invalid amount: type assertion to string failed, ["iost","admin","bob",10,"memo"]')
  assert.is(checkBadTx(withAction('token.iost', 'transfer', '[1,"a","b","1","m"]')), 'invalid token: type assertion to string failed, [1,"a","b","1","m"]')
})

test('an amount must be plain decimal digits that fit an int64', () => {
  for (const amount of ['1e5', '-1', '.5', '5.', '1.2.3', ' 1', '1,5', '']) {
    assert.is(checkBadTx(transfer(amount)), `invalid amount: ${amount}`)
  }
  assert.is(checkBadTx(transfer('9223372036854775807')), null)
  assert.is(checkBadTx(transfer('92233720368547758.08')), 'invalid amount: overflow error, 92233720368547758.08')
})

test('a large amount whose two float64 readings differ by more than 1e-4 is refused, as the node refuses it', () => {
  const amount = '1609008527270.489689'
  // The node divides float64(1609008527270489689) by 1e6 and compares with ParseFloat(amount):
  // two different roundings, one ulp (2.4e-4) apart at this magnitude.
  assert.is.not(Number(1609008527270489689n) / 1e6, Number(amount))
  assert.is(checkBadTx(transfer(amount, 'emogi')), `invalid amount: <nil>, ${amount}`)
  assert.is(checkBadTx(transfer('1609008527270.5', 'emogi')), null)
})

test('a gas pledge allows at most 2 decimals, trailing zeros not counted', () => {
  assert.is(checkBadTx(pledge('1.5')), null)
  assert.is(checkBadTx(pledge('1.500000')), null)
  const data = JSON.stringify(['admin', 'admin', '1.005'])
  assert.is(checkBadTx(pledge('1.005')), `decimal should not exceed 2: ${data}`)
  const nine = JSON.stringify(['admin', 'admin', '1.000000001'])
  assert.is(checkBadTx(pledge('1.000000001')), `invalid amount: invalid decimal: 1.000000001, ${nine}`)
  assert.is(checkBadTx(withAction('gas.iost', 'unpledge', '["a","b"]')), 'wrong args num: ["a","b"]')
})

test('the first failing action is reported', () => {
  const json = JSON.stringify({
    actions: [
      { contract: 'c', action_name: 'a', data: '[]' },
      { contract: 'token.iost', action_name: 'transfer', data: '["iost","a","b","1.0000000001","m"]' },
      { contract: 'c', action_name: 'a', data: 'nope' }
    ]
  })
  assert.is(checkBadTx(json), 'invalid decimal: 1.0000000001')
})

test.run()
