// Words and numbers for the page: entries described in a line, times and durations for people.
import type { Entry, VitalEntry, VitalSpec } from '@techo/notebook'
import { entryValue as words, entryWhat as what } from '../../src/cli/describe.js'
import type { VitalKinds } from './api.js'

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })
const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
const date = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' })

/** A number as people read it (grouped, at most one decimal). */
export function formatNumber (n: number): string {
  return number.format(n)
}

/** A FHIR date-time in this browser's zone, e.g. "Nov 21, 2026, 08:30"; a bare date without a time. */
export function formatWhen (at: string): string {
  return /T/.test(at) ? dateTime.format(new Date(at)) : date.format(new Date(at))
}

/** What an entry is, e.g. "Blood pressure", "Allergy", "Visit" (the same words `techo show` uses). */
export function entryWhat (e: Entry, kinds: VitalKinds): string {
  return what(e, kinds)
}

/** Names of the parties this node knows (clinics whose signed profile it holds), by party id. */
export type Names = Record<string, string>

/** An entry's content in a few words, e.g. "120/80 mmHg", "peanut (high criticality)"; numbers and times as this browser writes them, clinics by their names. */
export function entryValue (e: Entry, kinds: VitalKinds, names: Names = {}): string {
  switch (e.type) {
    case 'vital': return vitalValue(e, kinds[e.kind])
    // An event, not a state: a grant's row stays true after a revoke, which is a row of its own.
    case 'consent': return e.status === 'revoked' ? `revoked the access of ${clinicName(e.clinic, names)}` : `granted ${clinicName(e.clinic, names)} ${e.scope} access until ${formatWhen(e.expires)}`
    default: return words(e, kinds)
  }
}

/** A reading's value with its unit, e.g. "120/80 mmHg" or "36.8 °C". */
export function vitalValue (e: VitalEntry, spec: VitalSpec): string {
  return e.kind === 'bp' ? `${e.systolic}/${e.diastolic} ${spec.unitText}` : `${formatNumber(e.value)} ${spec.unitText}`
}

/** A clinic as people know it: its signed name, or "clinic 7w34Yndq…" while its name is not known. */
export function clinicName (clinic: string, names: Names): string {
  return names[clinic] ?? `clinic ${short(clinic)}`
}

/** The first characters of a long identifier, enough to tell parties apart at a glance. */
export function short (id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id
}

/** A duration in the largest sensible unit, e.g. "3 min", "2 h 5 min", "4 days". */
export function formatDuration (seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} days`
}

/** A datetime-local input's value ("2026-11-21T08:30") as a FHIR date-time with this browser's zone. */
export function localInputToFhir (value: string): string {
  const d = new Date(value)
  const offset = -d.getTimezoneOffset()
  const sign = offset < 0 ? '-' : '+'
  const pad = (n: number): string => String(Math.floor(Math.abs(n))).padStart(2, '0')
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(offset / 60)}:${pad(offset % 60)}`
}
