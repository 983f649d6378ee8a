// Grant expiries as people write them: "90d", "12w", "48h", "1y", or an ISO 8601 date.
import { CliError } from './exit.js'

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 }

/** The moment (ms since epoch) an expiry text names, counted from `now`; it must lie in the future. */
export function expiryFrom (text: string, now: number = Date.now()): number {
  const relative = /^(\d+)\s*([hdwy])$/i.exec(text.trim())
  const at = relative !== null
    ? now + Number(relative[1]) * (UNIT_MS[relative[2]!.toLowerCase()] ?? 0)
    : Date.parse(text)
  if (Number.isNaN(at)) throw new CliError(`--expires ${JSON.stringify(text)} is not a duration (90d, 12w, 48h, 1y) or an ISO 8601 date.`)
  if (at <= now) throw new CliError(`--expires ${JSON.stringify(text)} is not in the future.`)
  return at
}
