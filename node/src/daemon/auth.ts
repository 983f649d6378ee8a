// The daemon's bearer token: random per start, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new random token (256 bits, base64url). */
export function newToken (): string {
  return randomBytes(32).toString('base64url')
}

/** True when an Authorization header carries exactly `Bearer <token>`. */
export function bearerMatches (header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1]
  if (given === undefined) return false
  // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
  return timingSafeEqual(sha256(given), sha256(token))
}

function sha256 (text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
