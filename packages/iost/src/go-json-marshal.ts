// What Go's `json.Marshal` writes for the values the node marshals into a receipt: an action's
// return array (`[]interface{}` of strings and booleans), and so the `returns` a client reads.
// Go differs from JSON.stringify in its strings: it escapes `<`, `>` and `&` (HTML-safe output),
// U+2028 and U+2029, writes other control characters as \u00xx with lower-case hex (Go before 1.22,
// which go-iost v3 is built with, has no short \b and \f), and sorts object keys.

const HEX = '0123456789abcdef'
const LONE_SURROGATE = /\p{Surrogate}/gu

/** Returns the JSON text Go's `json.Marshal` writes for a JSON value (strings, numbers, booleans, null, arrays, plain objects). */
export function goJsonMarshal (value: unknown): string {
  switch (typeof value) {
    case 'string': return goJsonString(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`json: unsupported value: ${value}`)
      // Go writes float64 in ES6 number format since Go 1.8, the form String() gives, but keeps -0's sign.
      return Object.is(value, -0) ? '-0' : String(value)
    case 'object':
      if (value === null) return 'null'
      if (Array.isArray(value)) return `[${value.map(goJsonMarshal).join(',')}]`
      return `{${Object.keys(value).sort().map(k => `${goJsonString(k)}:${goJsonMarshal((value as Record<string, unknown>)[k])}`).join(',')}}`
    default: throw new TypeError(`json: unsupported type: ${typeof value}`)
  }
}

/** Returns a string as Go's `json.Marshal` writes it (HTML-safe); a lone surrogate becomes U+FFFD, as its UTF-8 conversion makes it. */
function goJsonString (text: string): string {
  let out = '"'
  for (const ch of text.replace(LONE_SURROGATE, '\ufffd')) {
    const code = ch.codePointAt(0) as number
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&') out += '\\u00' + HEX[code >> 4] + HEX[code & 0xf]
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`
    else out += ch
  }
  return out + '"'
}
