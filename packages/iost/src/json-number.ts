import type { JsonNode } from './json-raw.js'

// protojson's rules for numeric proto fields, so a value reads here as the node reads it.

const LITERAL = /^(-?)(?:0|([1-9][0-9]*))(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?/
// Go's unicode.IsSpace set: strings.TrimSpace decides whether a quoted number has stray spaces.
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/

/**
 * Returns the exact integer a JSON number literal denotes, or null when it is not an integer.
 * protojson accepts integral literals in any notation (`1e3`, `10.0`, `0.5e1`), so this shifts
 * the decimal point on the digits themselves: no float ever touches the value.
 */
function integerOfLiteral (raw: string): bigint | null {
  const m = LITERAL.exec(raw)
  if (m === null || m[0].length !== raw.length) return null
  const negative = m[1] === '-'
  const intPart = m[2] ?? ''
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  if (intPart === '' && fraction === '') return 0n
  const exponent = m[4] === undefined ? 0 : Number(m[4])
  // protojson gives up past 20 digits (the widest uint64) and on exponents beyond int32.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 2 ** 31 - 1) return null
  let digits: string
  if (exponent >= 0) {
    if (fraction.length > exponent || intPart.length + exponent > 20) return null
    digits = intPart + fraction + '0'.repeat(exponent - fraction.length)
  } else {
    if (fraction.length > 0) return null
    const point = intPart.length + exponent
    if (point < 0 || /[^0]/.test(intPart.slice(point))) return null
    digits = intPart.slice(0, point)
  }
  const value = BigInt(digits === '' ? '0' : digits)
  return negative ? -value : value
}

/**
 * The number literal a JSON value stands for in a numeric field: the literal itself, or the text
 * of a quoted number (protojson allows `"123"`). Null when the value is neither.
 */
function numberLiteralOf (node: JsonNode): string | null {
  if (node.kind === 'number') return node.raw
  if (node.kind !== 'string' || GO_SPACE.test(node.value)) return null
  // protojson reads the first JSON token of the text; it must be a number ending at a delimiter.
  const m = LITERAL.exec(node.value)
  if (m === null) return null
  const next = node.value[m[0].length]
  if (next !== undefined && /[-+._a-zA-Z0-9]/.test(next)) return null
  return m[0]
}

/** Reads an int64/uint32-style field: the exact integer, or null if it is not one or is out of [min, max]. */
export function integerField (node: JsonNode, min: bigint, max: bigint): bigint | null {
  const literal = numberLiteralOf(node)
  const value = literal === null ? null : integerOfLiteral(literal)
  return value !== null && value >= min && value <= max ? value : null
}

/** Reads a double field as protojson does (literal, quoted literal, "NaN", "Infinity", "-Infinity"); null if invalid. */
export function doubleField (node: JsonNode): number | null {
  if (node.kind === 'string') {
    if (node.value === 'NaN') return NaN
    if (node.value === 'Infinity') return Infinity
    if (node.value === '-Infinity') return -Infinity
  }
  const literal = numberLiteralOf(node)
  if (literal === null) return null
  // Number() rounds a decimal literal correctly, as Go's strconv.ParseFloat does; Go refuses
  // overflow to infinity, so this does too.
  const value = Number(literal)
  return Number.isFinite(value) ? value : null
}
