// FHIR AllergyIntolerance, Condition, DocumentReference and Patient → allergy, condition, note or
// document, and patient entries. Times keep the precision they came with (a date stays a date).
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { base64, base64urlnopad } from '@scure/base'
import { validatePatient } from './clinical-history.js'
import { validateAllergy, validateCondition, validateDocument, validateNote } from './entries.js'
import { failAt, type MapContext, type Mapped } from './fhir-map.js'
import { arr, bundleError, child, concept, firstTime, obj, optObjs, optText, statusCode, text, type Json } from './fhir-read.js'

const NI_SHA256 = /^ni:\/\/\/sha-256;([A-Za-z0-9_-]{43})$/

/** Maps an AllergyIntolerance (its time is the onset, else when it was recorded). */
export function allergy (r: Json, p: string, ctx: MapContext): Mapped {
  if (r.code === undefined) throw bundleError(p, 'it names no substance (code).')
  const reactions = optObjs(r, 'reaction', p).flatMap((x, i) => {
    const rp = child(child(p, 'reaction'), i)
    return optObjs(x, 'manifestation', rp).map((m, j) => concept(m, child(child(rp, 'manifestation'), j)).text)
  })
  const category = r.category === undefined ? undefined : arr(r.category, child(p, 'category'))[0]
  const status = statusCode(r, 'clinicalStatus', p)
  const time = firstTime(r, p, [['onsetDateTime'], ['onsetPeriod', 'start'], ['recordedDate']])
  const input = {
    code: concept(obj(r.code, child(p, 'code')), child(p, 'code')),
    status: status?.value,
    category,
    criticality: r.criticality,
    reaction: reactions.length === 0 ? undefined : [...new Set(reactions)].join(', '),
    at: time?.value
  }
  const paths = { code: child(p, 'code'), status: status?.path, category: child(child(p, 'category'), 0), criticality: child(p, 'criticality'), reaction: child(p, 'reaction'), at: time?.path }
  return { data: validateAllergy(input, ctx.now, failAt(paths, p)) }
}

/** Maps a Condition (its time is the onset, else when it was recorded). */
export function condition (r: Json, p: string, ctx: MapContext): Mapped {
  if (r.code === undefined) throw bundleError(p, 'it names no condition (code).')
  const status = statusCode(r, 'clinicalStatus', p)
  const time = firstTime(r, p, [['onsetDateTime'], ['onsetPeriod', 'start'], ['recordedDate']])
  const abated = firstTime(r, p, [['abatementDateTime'], ['abatementPeriod', 'end']])
  const input = {
    code: concept(obj(r.code, child(p, 'code')), child(p, 'code')),
    status: status?.value ?? (abated === undefined ? 'active' : 'resolved'),
    abated: abated?.value,
    at: time?.value
  }
  return { data: validateCondition(input, ctx.now, failAt({ code: child(p, 'code'), status: status?.path, abated: abated?.path, at: time?.path }, p)) }
}

/** Maps a DocumentReference: a text attachment becomes a note, any other a document known by its hash and size. */
export function documentReference (r: Json, p: string, ctx: MapContext): Mapped {
  const content = optObjs(r, 'content', p)
  if (content.length === 0) throw bundleError(p, 'it has no content.')
  const ap = child(child(child(p, 'content'), 0), 'attachment')
  const a = obj((content[0] as Json).attachment, ap)
  const time = firstTime(r, p, [['context', 'period', 'start'], ['date']])
  const typeText = r.type === undefined ? undefined : concept(obj(r.type, child(p, 'type')), child(p, 'type')).text
  const title = optText(a, 'title', ap) ?? optText(r, 'description', p) ?? typeText
  const contentType = optText(a, 'contentType', ap)
  const paths = { at: time?.path, title: child(ap, 'title'), contentType: child(ap, 'contentType'), text: child(ap, 'data'), size: child(ap, 'size'), sha256: child(ap, 'url') }
  const fail = failAt(paths, p)
  if (a.data !== undefined) {
    const bytes = decodeBase64(text(a.data, child(ap, 'data')), child(ap, 'data'))
    if (contentType?.toLowerCase().startsWith('text/plain') === true) {
      return { data: validateNote({ text: decodeUtf8(bytes, child(ap, 'data')), title, at: time?.value }, ctx.now, fail) }
    }
    return { data: validateDocument({ title: title ?? 'Document', contentType, sha256: bytesToHex(sha256(bytes)), size: bytes.length, at: time?.value }, ctx.now, fail) }
  }
  const hash = NI_SHA256.exec(optText(a, 'url', ap) ?? '')?.[1]
  if (hash === undefined) throw bundleError(ap, 'it has neither inline data nor a SHA-256 content name (ni:///sha-256;...).')
  return { data: validateDocument({ title: title ?? 'Document', contentType, sha256: bytesToHex(base64urlnopad.decode(hash)), size: a.size, at: time?.value }, ctx.now, fail) }
}

/** Maps a Patient: the name in use (official first), gender and birth date. */
export function patient (r: Json, p: string, ctx: MapContext): Mapped {
  const input = { name: patientName(r, p), gender: r.gender, birthDate: r.birthDate, at: optText(r, 'birthDate', p) ?? new Date(ctx.now).toISOString().slice(0, 10) }
  return { data: validatePatient(input, ctx.now, failAt({ gender: child(p, 'gender'), birthDate: child(p, 'birthDate'), at: child(p, 'birthDate'), name: child(p, 'name') }, p)) }
}

/** Returns a Patient's name as one line ("Maximo817 Bartell116"), preferring the official one. */
export function patientName (r: Json, p: string): string | undefined {
  const names = optObjs(r, 'name', p)
  const name = names.find(n => n.use === 'official') ?? names.find(n => n.use === undefined || n.use === 'usual') ?? names[0]
  if (name === undefined) return undefined
  const np = child(child(p, 'name'), names.indexOf(name))
  const given = name.given === undefined ? [] : arr(name.given, child(np, 'given')).map((g, i) => text(g, child(child(np, 'given'), i)))
  const parts = [...given, optText(name, 'family', np)].filter(x => x !== undefined)
  return optText(name, 'text', np) ?? (parts.length === 0 ? undefined : parts.join(' '))
}

function decodeBase64 (data: string, path: string): Uint8Array {
  try {
    return base64.decode(data)
  } catch {
    throw bundleError(path, 'is not valid base64.')
  }
}

function decodeUtf8 (bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw bundleError(path, 'is not UTF-8 text.')
  }
}
