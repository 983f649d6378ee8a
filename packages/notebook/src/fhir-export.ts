// Export: the whole notebook as a FHIR R4 `collection` Bundle. An imported entry gives back the
// resource it came from, as it came (with its id, statuses, codings, profiles and times) under its
// original fullUrl, and the resources it named that were kept beside it; an entry written here, or
// one edited here since its import, is projected from the notebook's view (fhir-project.ts). Retired
// entries are exported too, as their source last said (entered in error), so a receiver learns it.
// The first resource is the notebook's own Patient, carrying the demographics hospitals recorded.
// Bundle.meta.tag records the notebook's heads (one TECHO_NOTEBOOK_HEAD coding each) the export was
// made from, so `techo verify --export` can tie the file to a digest anchored on chain.
import { originalOf } from './entry-source.js'
import { isAbsolute } from './fhir-identity.js'
import { compact, project, type FhirResource, type Reference } from './fhir-project.js'
import { TECHO_NOTEBOOK, TECHO_NOTEBOOK_HEAD, TECHO_PARTY, uuidFor } from './fhir-systems.js'
import type { Notebook } from './notebook.js'
import { isoSeconds } from './time.js'
import type { Entry, PatientEntry } from './types.js'

export type { FhirResource }

export interface BundleEntry { fullUrl: string, resource: FhirResource }
export interface Bundle {
  resourceType: 'Bundle'
  meta: { tag: Array<{ system: string, code: string }> }
  identifier: { system: string, value: string }
  type: 'collection'
  timestamp: string
  entry: BundleEntry[]
}

/** One exported resource with the entry it comes from (none for the patient and related resources). */
export interface Exported extends BundleEntry { entry?: Entry }

/** Returns the whole notebook as a FHIR R4 collection Bundle, the patient first, then entries in time order, each a valid resource. */
export function exportFhirBundle (nb: Notebook): Bundle {
  return {
    resourceType: 'Bundle',
    meta: { tag: [...nb.heads()].sort().map(code => ({ system: TECHO_NOTEBOOK_HEAD, code })) },
    identifier: { system: TECHO_NOTEBOOK, value: nb.id },
    type: 'collection',
    timestamp: isoSeconds(nb.now()),
    entry: exportResources(nb, nb.query({ retired: true })).map(({ fullUrl, resource }) => ({ fullUrl, resource }))
  }
}

/** Returns the notebook's Patient and the resources of `entries` (with those they name), each under a fullUrl unique in the result. */
export function exportResources (nb: Notebook, entries: Entry[]): Exported[] {
  const own = (name: string): string => `urn:uuid:${uuidFor(nb.id, name)}`
  const urls = new Map<string, string>()
  const taken = new Set<string>()
  for (const e of entries) {
    const key = e.source?.key
    const url = key !== undefined && isAbsolute(key) && !taken.has(key) ? key : own(e.id)
    urls.set(e.id, url)
    taken.add(url)
  }
  const patients = entries.filter((e): e is PatientEntry => e.type === 'patient')
  const subject = { reference: own('patient') }
  const out: Exported[] = [{ fullUrl: subject.reference, resource: techoPatient(nb, patients, urls) }]
  const written = new Set([subject.reference])
  for (const e of entries) {
    // A Medication several prescriptions name is given once.
    for (const r of e.source?.related ?? []) {
      const url = isAbsolute(r.key) ? r.key : own(`related/${r.key}`)
      if (written.has(url)) continue
      written.add(url)
      out.push({ fullUrl: url, resource: r.resource as FhirResource })
    }
    const url = urls.get(e.id) as string
    written.add(url)
    out.push({ fullUrl: url, resource: resourceOf(e, subject, id => urls.get(id)), entry: e })
  }
  return out
}

// The original when it is kept and was not edited here; otherwise the projection, under the original's id and about its subject.
function resourceOf (e: Entry, subject: Reference, fullUrlOf: (id: string) => string | undefined): FhirResource {
  const original = originalOf(e.source)
  if (original !== undefined && e.source?.edited === undefined) return original as FhirResource
  const id = typeof original?.id === 'string' ? original.id : idIn(e.source?.key) ?? e.id
  const about = (original?.subject ?? original?.patient ?? subject) as Reference
  return project(e, id, { subject: about, fullUrlOf })
}

// The resource id an identity names: the last segment of a RESTful URL or of a urn:uuid (so a rebuilt resource agrees with its fullUrl).
function idIn (key: string | undefined): string | undefined {
  const id = key === undefined ? undefined : /^(?:https?:\/\/.+\/[A-Z][A-Za-z]+\/|urn:uuid:)([A-Za-z0-9.-]{1,64})$/.exec(key)?.[1]
  return id
}

// The notebook's patient: its party id, the demographics of the most recent hospital record, and links to every such record.
function techoPatient (nb: Notebook, patients: PatientEntry[], urls: Map<string, string>): FhirResource {
  const latest = [...patients].sort((a, b) => (a.amended ?? a.recorded).localeCompare(b.amended ?? b.recorded)).pop()
  return compact({
    resourceType: 'Patient',
    id: uuidFor(nb.id, 'patient'),
    identifier: [{ system: TECHO_PARTY, value: nb.patientId }],
    name: latest?.name === undefined ? undefined : [{ text: latest.name }],
    gender: latest?.gender,
    birthDate: latest?.birthDate,
    link: patients.length === 0 ? undefined : patients.map(p => ({ other: { reference: urls.get(p.id) }, type: 'seealso' }))
  })
}
