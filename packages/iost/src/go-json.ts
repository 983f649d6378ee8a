// What Go's `json.NewDecoder(...).Decode(&v)` does with a text, error texts included, so that
// `checkBadTx` reports exactly what the node's `/sendTx` pre-check reports. The scanner below
// follows Go's encoding/json scanner state by state; it reads UTF-8 bytes, as Go does.

/** Go's verdict on the first JSON value of a text: the value, or Go's error text. */
export type GoDecoded = { ok: true; value: unknown } | { ok: false; error: string }

const END = 1
const ERROR = 2
const END_CONTAINER = 3
const GOING = 0

const PARSE_OBJECT_KEY = 0
const PARSE_OBJECT_VALUE = 1
const PARSE_ARRAY_VALUE = 2
const MAX_DEPTH = 10000

type State = (s: Scanner, c: number) => number

interface Scanner {
  step: State
  stack: number[]
  error: string | null
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Decodes the first JSON value of `text` as Go's json.Decoder does: anything after a complete
 * value is ignored, an empty text gives "EOF", a cut-off one "unexpected EOF", and a syntax
 * error Go's own message ("invalid character 'x' looking for beginning of value").
 */
export function goDecodeFirstValue (text: string): GoDecoded {
  const bytes = encoder.encode(text)
  const s: Scanner = { step: beginValue, stack: [], error: null }
  let end = -1
  for (let i = 0; i < bytes.length && end < 0; i++) {
    // Inside a string a plain byte changes nothing: skip a run of them at once (a long string is
    // most of a big action's data, and stepping through it byte by byte was most of its cost).
    if (s.step === inString) {
      while (i < bytes.length && isPlainStringByte(bytes[i] as number)) i++
      if (i === bytes.length) break
    }
    const v = s.step(s, bytes[i] as number)
    if (v === ERROR) return { ok: false, error: s.error as string }
    // A closed object or array may end the value; a number or literal ends one byte later.
    if (v === END) end = i
    else if (v === END_CONTAINER && s.stack.length === 0) end = i + 1
  }
  if (end < 0) {
    if (s.step(s, 0x20) !== END) {
      return { ok: false, error: bytes.some(b => !isSpace(b)) ? 'unexpected EOF' : 'EOF' }
    }
    end = bytes.length
  }
  return { ok: true, value: JSON.parse(decoder.decode(bytes.subarray(0, end))) }
}

function isSpace (c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

function isPlainStringByte (c: number): boolean {
  return c >= 0x20 && c !== 0x22 && c !== 0x5c
}

function isDigit (c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

function fail (s: Scanner, c: number, context: string): number {
  s.step = () => ERROR
  s.error = `invalid character ${quoteChar(c)} ${context}`
  return ERROR
}

function push (s: Scanner, c: number, next: State, kind: number): number {
  s.step = next
  s.stack.push(kind)
  return s.stack.length <= MAX_DEPTH ? GOING : fail(s, c, 'exceeded max depth')
}

function beginValueOrEmpty (s: Scanner, c: number): number {
  if (isSpace(c)) return GOING
  if (c === 0x5d) return endValue(s, c)
  return beginValue(s, c)
}

function beginValue (s: Scanner, c: number): number {
  if (isSpace(c)) return GOING
  switch (c) {
    case 0x7b: return push(s, c, beginStringOrEmpty, PARSE_OBJECT_KEY)
    case 0x5b: return push(s, c, beginValueOrEmpty, PARSE_ARRAY_VALUE)
    case 0x22: s.step = inString; return GOING
    case 0x2d: s.step = neg; return GOING
    case 0x30: s.step = zero; return GOING
    case 0x74: s.step = literal('true', 1); return GOING
    case 0x66: s.step = literal('false', 1); return GOING
    case 0x6e: s.step = literal('null', 1); return GOING
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = oneToNine
    return GOING
  }
  return fail(s, c, 'looking for beginning of value')
}

function beginStringOrEmpty (s: Scanner, c: number): number {
  if (isSpace(c)) return GOING
  if (c === 0x7d) {
    s.stack[s.stack.length - 1] = PARSE_OBJECT_VALUE
    return endValue(s, c)
  }
  return beginString(s, c)
}

function beginString (s: Scanner, c: number): number {
  if (isSpace(c)) return GOING
  if (c === 0x22) {
    s.step = inString
    return GOING
  }
  return fail(s, c, 'looking for beginning of object key string')
}

function endValue (s: Scanner, c: number): number {
  const n = s.stack.length
  if (n === 0) {
    s.step = endTop
    return END
  }
  if (isSpace(c)) {
    s.step = endValue
    return GOING
  }
  switch (s.stack[n - 1]) {
    case PARSE_OBJECT_KEY:
      if (c === 0x3a) {
        s.stack[n - 1] = PARSE_OBJECT_VALUE
        s.step = beginValue
        return GOING
      }
      return fail(s, c, 'after object key')
    case PARSE_OBJECT_VALUE:
      if (c === 0x2c) {
        s.stack[n - 1] = PARSE_OBJECT_KEY
        s.step = beginString
        return GOING
      }
      if (c === 0x7d) return pop(s)
      return fail(s, c, 'after object key:value pair')
    default:
      if (c === 0x2c) {
        s.step = beginValue
        return GOING
      }
      if (c === 0x5d) return pop(s)
      return fail(s, c, 'after array element')
  }
}

function pop (s: Scanner): number {
  s.stack.pop()
  s.step = endValue
  return END_CONTAINER
}

// The value is complete: Go reports END here (and would complain about a non-space byte only
// on a later call, which the decoder never makes).
function endTop (): number {
  return END
}

function inString (s: Scanner, c: number): number {
  if (c === 0x22) {
    s.step = endValue
    return GOING
  }
  if (c === 0x5c) {
    s.step = inStringEsc
    return GOING
  }
  if (c < 0x20) return fail(s, c, 'in string literal')
  return GOING
}

function inStringEsc (s: Scanner, c: number): number {
  if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
    s.step = inString
    return GOING
  }
  if (c === 0x75) {
    s.step = hexDigits(4)
    return GOING
  }
  return fail(s, c, 'in string escape code')
}

function hexDigits (left: number): State {
  return (s, c) => {
    const hex = isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    if (!hex) return fail(s, c, 'in \\u hexadecimal character escape')
    s.step = left === 1 ? inString : hexDigits(left - 1)
    return GOING
  }
}

function neg (s: Scanner, c: number): number {
  if (c === 0x30) {
    s.step = zero
    return GOING
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = oneToNine
    return GOING
  }
  return fail(s, c, 'in numeric literal')
}

function oneToNine (s: Scanner, c: number): number {
  if (isDigit(c)) return GOING
  return zero(s, c)
}

function zero (s: Scanner, c: number): number {
  if (c === 0x2e) {
    s.step = dot
    return GOING
  }
  if (c === 0x65 || c === 0x45) {
    s.step = exponent
    return GOING
  }
  return endValue(s, c)
}

function dot (s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = dotDigits
    return GOING
  }
  return fail(s, c, 'after decimal point in numeric literal')
}

function dotDigits (s: Scanner, c: number): number {
  if (isDigit(c)) return GOING
  if (c === 0x65 || c === 0x45) {
    s.step = exponent
    return GOING
  }
  return endValue(s, c)
}

function exponent (s: Scanner, c: number): number {
  if (c === 0x2b || c === 0x2d) {
    s.step = exponentSign
    return GOING
  }
  return exponentSign(s, c)
}

function exponentSign (s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = exponentDigits
    return GOING
  }
  return fail(s, c, 'in exponent of numeric literal')
}

function exponentDigits (s: Scanner, c: number): number {
  if (isDigit(c)) return GOING
  return endValue(s, c)
}

// true, false and null, one expected letter at a time.
function literal (word: string, at: number): State {
  return (s, c) => {
    if (c !== word.charCodeAt(at)) return fail(s, c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(at))})`)
    s.step = at + 1 === word.length ? endValue : literal(word, at + 1)
    return GOING
  }
}

/** Go's `quoteChar`: a byte shown as a quoted character literal, e.g. 'x', '\n', '\x01', 'Ã'. */
function quoteChar (c: number): string {
  if (c === 0x27) return "'\\''"
  if (c === 0x22) return "'\"'"
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' }
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')
  let shown: string
  if (named[c] !== undefined) shown = named[c] as string
  else if (c < 0x20 || c === 0x7f) shown = '\\x' + hex(c, 2)
  // Go reads the byte as the rune U+00XX: C1 controls, no-break space and soft hyphen are not printable.
  else if ((c >= 0x80 && c <= 0xa0) || c === 0xad) shown = '\\u' + hex(c, 4)
  else shown = String.fromCharCode(c)
  return `'${shown}'`
}
