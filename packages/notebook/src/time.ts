import type { Fail } from './errors.js'

// FHIR dateTime: a year, year-month, date, or a date-time whose zone is mandatory. Seconds are
// optional here (people type 08:30) and filled in, because FHIR's own pattern requires them.
const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/

/** Clock skew tolerated for times given by people or other systems (ours never run ahead of us). */
export const FUTURE_SKEW_MS = 10 * 60_000
const EARLIEST_MS = Date.UTC(1900, 0, 1)

export interface TimeRule {
  /** Human name of the field for messages, e.g. "Reading time". */
  label: string
  /** true: a full date-time with zone is required; false: a date or partial date is also fine. */
  precise: boolean
  /** The current time (ms); a time later than this plus FUTURE_SKEW_MS is refused unless `future` is set. */
  now: number
  future?: boolean
}

/** Returns `text` as a FHIR dateTime (seconds filled in) if it is a real, zoned, plausible time; calls `fail` otherwise. */
export function checkTime (text: unknown, field: string, rule: TimeRule, fail: Fail): string {
  const example = rule.precise
    ? 'an ISO 8601 date-time with a zone, e.g. 2024-05-01T08:30:00+09:00'
    : 'an ISO 8601 date (2024-05-01) or date-time with a zone (2024-05-01T08:30:00+09:00)'
  const m = typeof text === 'string' ? DATE_TIME.exec(text) : null
  if (m === null || (rule.precise && m[4] === undefined)) {
    return fail(field, `${rule.label} ${JSON.stringify(text)} is not ${example}.`)
  }
  const [, y, mo, d, h, mi, s, , zone] = m
  const year = Number(y)
  const month = mo === undefined ? 1 : Number(mo)
  const day = d === undefined ? 1 : Number(d)
  const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    (h === undefined || (Number(h) <= 23 && Number(mi) <= 59 && Number(s ?? 0) <= 59 && validZone(zone as string)))
  if (!real) return fail(field, `${rule.label} ${text as string} is not a real calendar date and time.`)
  const normalized = h !== undefined && s === undefined ? `${y as string}-${mo as string}-${d as string}T${h}:${mi as string}:00${zone as string}` : text as string
  const ms = instantOf(normalized)
  if (ms < EARLIEST_MS) return fail(field, `${rule.label} ${normalized} is before 1900.`)
  if (rule.future !== true && ms > rule.now + FUTURE_SKEW_MS) {
    return fail(field, `${rule.label} ${normalized} is in the future; it may be at most ${FUTURE_SKEW_MS / 60_000} minutes ahead of this device's clock.`)
  }
  return normalized
}

/** Returns the instant (ms since the epoch) a FHIR dateTime starts at; a bare date counts from 00:00 UTC. */
export function instantOf (fhirDateTime: string): number {
  return Date.parse(fhirDateTime)
}

/** Returns a date as a FHIR instant in UTC, to the second (what the notebook writes for "now"). */
export function isoSeconds (date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function daysInMonth (year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

// FHIR allows offsets from -14:00 to +14:00 (and only :00 at 14).
function validZone (zone: string): boolean {
  if (zone === 'Z') return true
  const hours = Number(zone.slice(1, 3))
  const minutes = Number(zone.slice(4, 6))
  return minutes <= 59 && (hours < 14 || (hours === 14 && minutes === 0))
}
