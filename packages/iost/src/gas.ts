const INT64_MIN = -(2n ** 63n)

/**
 * Returns the node's integer form of a gas ratio or limit: `int64(value * 100)` in Go, a float64
 * multiply then truncation toward zero (so 1.15 gives 114). Where Go's conversion is undefined
 * (NaN, ±Infinity, beyond int64) the node's amd64 build yields INT64_MIN, and so does this.
 */
export function internalGas (value: number): bigint {
  const scaled = value * 100
  if (Number.isNaN(scaled) || scaled >= 2 ** 63 || scaled < -(2 ** 63)) return INT64_MIN
  return BigInt(Math.trunc(scaled))
}
