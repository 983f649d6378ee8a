// Reading LevelDB's on-disk encodings (varints, fixed little-endian integers, length-prefixed
// bytes) from untrusted bytes: every read is bounds-checked and throws Malformed instead.

/** Thrown when bytes do not decode; the file checks turn it into a sentence about the file. */
export class Malformed extends Error {}

/** A position in a byte array, advanced by each read. */
export class Cursor {
  readonly bytes: Uint8Array
  pos: number
  readonly end: number

  constructor (bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes
    this.pos = start
    this.end = end
  }

  /** True when every byte up to `end` has been read. */
  get done (): boolean {
    return this.pos >= this.end
  }

  /** A varint of up to 64 bits, as a number (file numbers, sizes and offsets all stay below 2^53). */
  varint (): number {
    let value = 0
    for (let shift = 0; shift < 64; shift += 7) {
      if (this.pos >= this.end) throw new Malformed('a number runs past the end')
      const byte = this.bytes[this.pos++]!
      value += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) {
        if (!Number.isSafeInteger(value)) throw new Malformed('a number is out of range')
        return value
      }
    }
    throw new Malformed('a number is longer than 64 bits')
  }

  /** `n` bytes (a view, not a copy). */
  take (n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) throw new Malformed('a field runs past the end')
    const out = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  /** A varint length followed by that many bytes. */
  prefixed (): Uint8Array {
    return this.take(this.varint())
  }
}

/** The unsigned 32-bit little-endian integer at `at`. */
export function fixed32 (bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
}
