import { badTxJson } from './errors.js'

/**
 * A JSON value as read from the text, with every number kept as its literal. IOST times exceed
 * 2^53, so `JSON.parse` would round them before anything could read them; the node reads the
 * literal. Objects keep their entries in order, duplicates included, so protojson's duplicate
 * rule can be applied by whoever maps them onto fields.
 */
export type JsonNode =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; raw: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Array<[string, JsonNode]> }

type ArrayNode = Extract<JsonNode, { kind: 'array' }>
type ObjectNode = Extract<JsonNode, { kind: 'object' }>
type Open = { node: ArrayNode } | { node: ObjectNode; key: string }

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/**
 * Parses strict JSON (RFC 8259, as protojson reads a `/sendTx` body) keeping number literals as
 * text. Lone UTF-16 surrogates, raw or escaped, are refused as protojson refuses them. Iterative,
 * so deep nesting cannot overflow the stack. Throws ERR_BAD_TX_JSON naming the position.
 */
export function parseJsonKeepingNumbers (text: string): JsonNode {
  const reader = new Reader(text)
  const open: Open[] = []
  let value: JsonNode
  for (;;) {
    reader.skipSpace()
    const c = reader.peek()
    if (c === '{' || c === '[') {
      reader.pos++
      reader.skipSpace()
      if (c === '{') {
        const node: ObjectNode = { kind: 'object', entries: [] }
        if (reader.peek() !== '}') {
          open.push({ node, key: reader.readKey() })
          continue
        }
        reader.pos++
        value = node
      } else {
        const node: ArrayNode = { kind: 'array', items: [] }
        if (reader.peek() !== ']') {
          open.push({ node })
          continue
        }
        reader.pos++
        value = node
      }
    } else {
      value = reader.readScalar()
    }
    // Attach the finished value to its container; close containers until one needs another value.
    let needValue = false
    while (!needValue) {
      const top = open.at(-1)
      if (top === undefined) {
        reader.skipSpace()
        if (reader.pos !== text.length) throw reader.unexpected('the end of the text')
        return value
      }
      if ('key' in top) top.node.entries.push([top.key, value])
      else top.node.items.push(value)
      reader.skipSpace()
      const d = reader.peek()
      if (d === ',') {
        reader.pos++
        if ('key' in top) top.key = reader.readKey()
        needValue = true
      } else if (d === ('key' in top ? '}' : ']')) {
        reader.pos++
        open.pop()
        value = top.node
      } else {
        throw reader.unexpected(`"," or "${'key' in top ? '}' : ']'}"`)
      }
    }
  }
}

class Reader {
  pos = 0

  constructor (private readonly text: string) {}

  peek (): string | undefined {
    return this.text[this.pos]
  }

  skipSpace (): void {
    for (;;) {
      const c = this.text[this.pos]
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return
      this.pos++
    }
  }

  readKey (): string {
    this.skipSpace()
    if (this.peek() !== '"') throw this.unexpected('an object key in double quotes')
    const key = this.readString()
    this.skipSpace()
    if (this.peek() !== ':') throw this.unexpected('":"')
    this.pos++
    return key
  }

  readScalar (): JsonNode {
    const c = this.peek()
    if (c === '"') return { kind: 'string', value: this.readString() }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.pos
      const match = NUMBER.exec(this.text)
      if (match === null) throw this.unexpected('a number')
      this.pos += match[0].length
      return { kind: 'number', raw: match[0] }
    }
    for (const [word, node] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length
        return node
      }
    }
    throw this.unexpected('a JSON value')
  }

  readString (): string {
    const text = this.text
    let out = ''
    let from = ++this.pos
    for (;;) {
      const code = text.charCodeAt(this.pos)
      if (Number.isNaN(code)) throw badTxJson(`The transaction JSON ends inside a string that starts at position ${from - 1}.`)
      if (code === 0x22) break
      if (code < 0x20) throw this.unexpected('a printable character or an escape inside the string')
      if (code === 0x5c) {
        out += text.slice(from, this.pos)
        out += this.readEscape()
        from = this.pos
        continue
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        const low = text.charCodeAt(this.pos + 1)
        if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) throw this.loneSurrogate()
        this.pos++
      }
      this.pos++
    }
    out += text.slice(from, this.pos)
    this.pos++
    return out
  }

  private readEscape (): string {
    const c = this.text[this.pos + 1]
    if (c === undefined) throw this.unexpected('an escape sequence')
    const simple = ESCAPES[c]
    if (simple !== undefined) {
      this.pos += 2
      return simple
    }
    if (c !== 'u') {
      this.pos++
      throw this.unexpected('a valid escape character')
    }
    const unit = this.readHex4(this.pos + 2)
    this.pos += 6
    if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit)
    // A surrogate escape must be a high half followed at once by an escaped low half.
    if (unit > 0xdbff || this.text[this.pos] !== '\\' || this.text[this.pos + 1] !== 'u') throw this.loneSurrogate()
    const low = this.readHex4(this.pos + 2)
    if (low < 0xdc00 || low > 0xdfff) throw this.loneSurrogate()
    this.pos += 6
    return String.fromCharCode(unit, low)
  }

  private readHex4 (at: number): number {
    const digits = this.text.slice(at, at + 4)
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
      this.pos = at
      throw this.unexpected('four hex digits after \\u')
    }
    return parseInt(digits, 16)
  }

  private loneSurrogate (): Error {
    return badTxJson(`The transaction JSON has an unpaired UTF-16 surrogate in a string near position ${this.pos}, which is not valid UTF-8.`)
  }

  unexpected (expected: string): Error {
    const c = this.text[this.pos]
    const found = c === undefined ? 'the end of the text' : JSON.stringify(c)
    return badTxJson(`The transaction JSON is malformed: expected ${expected} at position ${this.pos} but found ${found}.`)
  }
}

const LITERALS: Array<[string, JsonNode]> = [
  ['null', { kind: 'null' }],
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }]
]
