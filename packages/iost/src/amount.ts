// go-iost's `checkAmount` and the parts of its `common.Decimal` it relies on, step for step,
// so an amount is refused with the node's exact text.

const AMOUNT = /^([0-9]+[.])?[0-9]+$/
const INT64_MAX = 2n ** 63n - 1n

/** An amount as go-iost's `NewDecimalFromString(amount, -1)` reads it: digits as an int64, scale = digits after the point. */
export interface GoDecimal {
  value: bigint
  scale: number
}

/** Reads a plain decimal (digits with at most one point) as go-iost does; null on int64 overflow ("overflow error"). */
export function parseGoDecimal (amount: string): GoDecimal | null {
  const point = amount.indexOf('.')
  const digits = amount.replace('.', '')
  const value = BigInt(digits)
  if (value > INT64_MAX) return null
  return { value, scale: point < 0 ? 0 : amount.length - point - 1 }
}

/** Returns go-iost's `checkAmount(amount, token)` error text, or null if the amount is accepted. */
export function checkAmount (amount: string, token: string): string | null {
  if (!AMOUNT.test(amount)) return `invalid amount: ${amount}`
  const decimal = parseGoDecimal(amount)
  if (decimal === null) return `invalid amount: overflow error, ${amount}`
  // The node compares float64(value) / Pow10(scale) with ParseFloat(amount) and refuses a gap
  // above 1e-4; at large magnitudes one rounding step is wider than that. Its `err` is nil here.
  if (Math.abs(Number(decimal.value) / goPow10(decimal.scale) - Number(amount)) > 1e-4) return `invalid amount: <nil>, ${amount}`
  if (token === 'iost' && decimal.scale > 8) return `invalid decimal: ${amount}`
  return null
}

/** Go's `math.Pow10`: exact table products, +Inf above 308, 0 below -323. */
function goPow10 (n: number): number {
  if (n > 308) return Infinity
  return Number(`1e${32 * Math.floor(n / 32)}`) * Number(`1e${n % 32}`)
}
