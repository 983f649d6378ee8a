/** The verdict on a storage key or map field, with the node's own error text when it is refused. */
export type StorageKeyVerdict = { valid: true } | { valid: false; error: string }

const encoder = new TextEncoder()

/**
 * Checks a key or map field as `storage.put/mapPut/del/mapDel` do in an IOST contract: 1 to 64
 * bytes of UTF-8 (checked first), then every character printable ASCII (32..126) except `-` and
 * `@`. The error texts are the node's, naming the byte length or the first bad code point.
 */
export function isValidStorageKey (key: string): StorageKeyVerdict {
  // TextEncoder writes a lone surrogate as U+FFFD (3 bytes), as V8 does when handing text to Go.
  const length = encoder.encode(key).length
  if (length < 1 || length > 64) {
    return { valid: false, error: `key or field length invalid. expected [1, 64], actual ${length}` }
  }
  for (const char of key) {
    const code = char.codePointAt(0) as number
    if (code < 32 || code > 126 || code === 45 || code === 64) {
      const reported = code >= 0xd800 && code <= 0xdfff ? 0xfffd : code
      return { valid: false, error: `key or field has invalid char, ${reported}` }
    }
  }
  return { valid: true }
}
