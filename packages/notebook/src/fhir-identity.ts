// Who a resource in a bundle is: its identity key, which includes where it came from, so two
// hospitals that both number their resources 1…N never collide; and how references between the
// bundle's resources resolve. Identity, in order: an absolute fullUrl (urn:uuid, urn:oid, http(s),
// without its _history part); else meta.source (without its #request part), or the source the
// importer names, joined to Type/id; else Type/id alone ("unsourced"); else the content's hash.
import { NotebookError } from './errors.js'
import { arr, bundleError, child, obj, optObj, optText, text, type Json } from './fhir-read.js'

/** One resource of a bundle with its place, type, id and identity. */
export interface Indexed {
  index: number
  path: string
  resource: Json
  type: string
  id: string | undefined
  fullUrl: string | undefined
  key: string
  /** True when nothing named its origin, so its identity is Type/id alone. */
  unsourced: boolean
}

/** A bundle's entries, readable and not, and its resources by fullUrl and by Type/id. */
export interface BundleIndex {
  resources: Indexed[]
  /** Entries that are not a resource at all: their path and what is wrong. */
  unreadable: Array<{ path: string, message: string }>
  /** The resource a reference (absolute, urn or Type/id, relative to the fullUrl of `from`) names in this bundle. */
  resolve: (reference: string, from?: Indexed) => Indexed | undefined
}

const ABSOLUTE = /^(?:urn:(?:uuid|oid):\S+|https?:\/\/\S+)$/
const HISTORY = /\/_history\/[^/]+$/
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/

/** True when `key` is a URL or URN a bundle may use as a fullUrl. */
export function isAbsolute (key: string): boolean {
  return ABSOLUTE.test(key)
}

/** Indexes a bundle's entries; `source` names the origin of resources that carry none. Throws only when `entries` is not an array. */
export function indexBundle (entries: unknown, source: string | undefined, contentKey: (resource: Json) => string): BundleIndex {
  const list = entries === undefined ? [] : arr(entries, 'entry')
  const resources: Indexed[] = []
  const unreadable: BundleIndex['unreadable'] = []
  const byUrl = new Map<string, Indexed>()
  const byTypeId = new Map<string, Indexed>()
  list.forEach((raw, index) => {
    const path = child('entry', index)
    try {
      const entry = obj(raw, path)
      const rp = child(path, 'resource')
      const resource = obj(entry.resource, rp)
      const type = text(resource.resourceType, child(rp, 'resourceType'))
      if (!RESOURCE_TYPE.test(type)) throw bundleError(child(rp, 'resourceType'), `${JSON.stringify(type)} is not a FHIR resource type.`)
      const id = optText(resource, 'id', rp)
      const fullUrl = optText(entry, 'fullUrl', path)?.replace(HISTORY, '')
      const { key, unsourced } = keyOf(resource, type, id, fullUrl, source, rp, contentKey)
      const item: Indexed = { index, path: rp, resource, type, id, fullUrl, key, unsourced }
      resources.push(item)
      if (fullUrl !== undefined) byUrl.set(fullUrl, item)
      if (id !== undefined) byTypeId.set(`${type}/${id}`, item)
    } catch (err) {
      if (!(err instanceof NotebookError)) throw err
      unreadable.push({ path: err.path ?? path, message: err.message.replace(/^Bad bundle at \S+: /, '') })
    }
  })
  const resolve = (reference: string, from?: Indexed): Indexed | undefined => {
    const ref = reference.replace(HISTORY, '')
    if (isAbsolute(ref)) return byUrl.get(ref)
    // A relative reference in a resource with a RESTful fullUrl is relative to that server's base.
    const base = from?.fullUrl?.startsWith('http') === true ? from.fullUrl.replace(/[^/]+\/[^/]+$/, '') : undefined
    return (base === undefined ? undefined : byUrl.get(base + ref)) ?? byTypeId.get(ref)
  }
  return { resources, unreadable, resolve }
}

function keyOf (resource: Json, type: string, id: string | undefined, fullUrl: string | undefined, source: string | undefined,
  rp: string, contentKey: (resource: Json) => string): { key: string, unsourced: boolean } {
  if (fullUrl !== undefined && isAbsolute(fullUrl)) return { key: fullUrl, unsourced: false }
  const meta = optObj(resource, 'meta', rp)
  const origin = (meta === undefined ? undefined : optText(meta, 'source', child(rp, 'meta'))?.split('#')[0]) || source
  if (id === undefined) return { key: `sha256:${contentKey(resource)}`, unsourced: false }
  if (origin === undefined || origin === '') return { key: `${type}/${id}`, unsourced: true }
  return { key: `${origin.replace(/\/+$/, '')}/${type}/${id}`, unsourced: false }
}
