const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Decodes a protobuf-JSON `bytes` value exactly as protojson does, or returns null where it
 * fails: the URL alphabet if the text has `-` or `_`, padding required only when the length is a
 * multiple of 4, CR and LF skipped, unused trailing bits ignored (Go's non-strict decoder).
 */
export function decodeBase64LikeGo (text: string): Uint8Array | null {
  const alphabet = /[-_]/.test(text) ? URL_SAFE : STANDARD
  const padded = text.length % 4 === 0
  const out: number[] = []
  let quantum: number[] = []
  let i = 0
  const skipNewlines = (): void => {
    while (text[i] === '\n' || text[i] === '\r') i++
  }
  while (i < text.length) {
    const c = text[i++] as string
    if (c === '\n' || c === '\r') continue
    if (c === '=' && padded) {
      // Padding may only close a last quantum holding 2 ("xx==") or 3 ("xxx=") symbols.
      if (quantum.length < 2) return null
      if (quantum.length === 2) {
        skipNewlines()
        if (text[i] !== '=') return null
        i++
      }
      skipNewlines()
      if (i < text.length) return null
      emit(out, quantum)
      return Uint8Array.from(out)
    }
    const v = alphabet.indexOf(c)
    if (v < 0) return null
    quantum.push(v)
    if (quantum.length === 4) {
      emit(out, quantum)
      quantum = []
    }
  }
  // Unpadded input may end with 2 or 3 symbols; padded input must end on a full quantum.
  if (quantum.length === 1 || (padded && quantum.length > 0)) return null
  emit(out, quantum)
  return Uint8Array.from(out)
}

// Appends the bytes a quantum of n symbols carries (n - 1 of them; 0 for an empty quantum).
function emit (out: number[], quantum: number[]): void {
  const [a = 0, b = 0, c = 0, d = 0] = quantum
  const bits = (a << 18) | (b << 12) | (c << 6) | d
  const bytes = [bits >>> 16, (bits >>> 8) & 0xff, bits & 0xff]
  for (let k = 0; k < quantum.length - 1; k++) out.push(bytes[k] as number)
}
