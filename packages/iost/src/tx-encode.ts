import { toParsedTx, type IostSignature, type ParsedTx } from './tx-parse.js'

/** The three byte encodings of a transaction (go-iost `tx.ToBytes`). */
export interface TxEncodings {
  /** Base: what co-signers sign (through SHA3-256). */
  base: Uint8Array
  /** Publish: Base plus the co-signers' signatures; what the publisher signs. */
  publish: Uint8Array
  /** Full: Publish plus referred tx, publisher and publisher signatures; hashed into the tx hash. */
  full: Uint8Array
}

const encoder = new TextEncoder()

/**
 * Builds the Base, Publish and Full encodings byte for byte as the IOST node does: big-endian
 * integers, length-prefixed strings and byte strings, count-prefixed lists.
 */
export function encodeTransaction (tx: string | ParsedTx): TxEncodings {
  const t = toParsedTx(tx)
  const w = new ByteWriter()
  w.int64(t.time).int64(t.expiration).int64(t.internalGasRatio).int64(t.internalGasLimit).int64(t.delay)
  w.uint32(t.chainId)
  w.bytes(new Uint8Array(0)) // reserved, always empty
  w.list(t.signers.map(s => encoder.encode(s)))
  w.list(t.actions.map(a => new ByteWriter().string(a.contract).string(a.actionName).string(a.data).done()))
  w.list(t.amountLimit.map(a => new ByteWriter().string(a.token).string(a.value).done()))
  const base = w.done()
  w.list(t.signatures.map(encodeSignature))
  const publish = w.done()
  w.bytes(new Uint8Array(0)) // referred tx: never set on a transaction sent over RPC
  w.string(t.publisher)
  w.list(t.publisherSigs.map(encodeSignature))
  return { base, publish, full: w.done() }
}

/** Returns the length in bytes of the Full encoding without building it (to refuse an oversized transaction cheaply). */
export function encodedLength (tx: string | ParsedTx): number {
  const t = toParsedTx(tx)
  const text = (s: string): number => 4 + utf8Length(s)
  const list = <T>(items: T[], size: (item: T) => number): number => 4 + items.reduce((sum, item) => sum + 4 + size(item), 0)
  const signatures = (sigs: IostSignature[]): number => list(sigs, s => 1 + 4 + s.signature.length + 4 + s.publicKey.length)
  return 5 * 8 + 4 + 4 +
    list(t.signers, utf8Length) +
    list(t.actions, a => text(a.contract) + text(a.actionName) + text(a.data)) +
    list(t.amountLimit, a => text(a.token) + text(a.value)) +
    signatures(t.signatures) +
    4 + text(t.publisher) +
    signatures(t.publisherSigs)
}

// UTF-8 bytes of a string, as TextEncoder writes it (a lone surrogate takes the 3 bytes of U+FFFD).
function utf8Length (s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 2; i++ } else n += 2
  }
  return n
}

function encodeSignature (sig: IostSignature): Uint8Array {
  return new ByteWriter().byte(sig.algorithm).bytes(sig.signature).bytes(sig.publicKey).done()
}

// Appends into one growing buffer; done() returns a copy of everything written so far.
class ByteWriter {
  private buf = new Uint8Array(256)
  private view = new DataView(this.buf.buffer)
  private length = 0

  byte (value: number): this {
    this.room(1)
    this.buf[this.length++] = value & 0xff
    return this
  }

  uint32 (value: number): this {
    this.room(4)
    this.view.setUint32(this.length, value >>> 0)
    this.length += 4
    return this
  }

  int64 (value: bigint): this {
    this.room(8)
    this.view.setBigInt64(this.length, value)
    this.length += 8
    return this
  }

  bytes (value: Uint8Array): this {
    this.uint32(value.length)
    this.room(value.length)
    this.buf.set(value, this.length)
    this.length += value.length
    return this
  }

  string (value: string): this {
    return this.bytes(encoder.encode(value))
  }

  list (items: Uint8Array[]): this {
    this.uint32(items.length)
    for (const item of items) this.bytes(item)
    return this
  }

  done (): Uint8Array {
    return this.buf.slice(0, this.length)
  }

  private room (n: number): void {
    if (this.length + n <= this.buf.length) return
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    bigger.set(this.buf.subarray(0, this.length))
    this.buf = bigger
    this.view = new DataView(bigger.buffer)
  }
}
