// FHIR Immunization, Procedure, DiagnosticReport, Encounter, CarePlan and ImagingStudy → the entries
// that make up a patient's history. A report's results are the observations its `result` references
// name, as entry ids; a visit is what other entries point to as their encounter.
import {
  validateCarePlan, validateEncounter, validateImaging, validateImmunization, validateProcedure, validateReport
} from './clinical-history.js'
import { failAt, type MapContext, type Mapped } from './fhir-map.js'
import { bundleError, child, coding, concept, display, firstConcept, firstTime, optConcept, optObj, optObjs, optText, type Json, type Timed } from './fhir-read.js'
import type { Concept } from './types.js'

/** Maps an Immunization (vaccine, status, date, lot). */
export function immunization (r: Json, p: string, ctx: MapContext): Mapped {
  const time = required(firstTime(r, p, [['occurrenceDateTime'], ['recorded']]), p, 'occurrenceDateTime')
  const input = { vaccine: optConcept(r, 'vaccineCode', p), status: r.status, lot: r.lotNumber, at: time.value }
  return { data: validateImmunization(input, ctx.now, failAt({ vaccine: child(p, 'vaccineCode'), status: child(p, 'status'), lot: child(p, 'lotNumber'), at: time.path }, p)) }
}

/** Maps a Procedure (what, status, when, why). */
export function procedure (r: Json, p: string, ctx: MapContext): Mapped {
  const time = required(firstTime(r, p, [['performedDateTime'], ['performedPeriod', 'start']]), p, 'performedDateTime or performedPeriod')
  const end = firstTime(r, p, [['performedPeriod', 'end']])
  const input = { code: optConcept(r, 'code', p), status: r.status, end: end?.value, reason: reason(r, p), at: time.value }
  return { data: validateProcedure(input, ctx.now, failAt({ code: child(p, 'code'), status: child(p, 'status'), end: end?.path, reason: child(p, 'reasonCode'), at: time.path }, p)) }
}

/** Maps a DiagnosticReport; its results are the observations it names that the notebook holds or this import brings. */
export function diagnosticReport (r: Json, p: string, ctx: MapContext): Mapped {
  const time = required(firstTime(r, p, [['effectiveDateTime'], ['effectivePeriod', 'start'], ['issued']]), p, 'effectiveDateTime or issued')
  const results = optObjs(r, 'result', p).map(ref => ctx.entryId(ref, 'Observation')).filter(id => id !== undefined)
  const input = {
    code: optConcept(r, 'code', p),
    status: r.status,
    category: firstConcept(r, 'category', p),
    results: results.length === 0 ? undefined : [...new Set(results)],
    conclusion: r.conclusion,
    at: time.value
  }
  return { data: validateReport(input, ctx.now, failAt({ code: child(p, 'code'), status: child(p, 'status'), category: child(p, 'category'), conclusion: child(p, 'conclusion'), at: time.path }, p)) }
}

/** Maps an Encounter: the visit's type (else its class), status, period, reason and provider. */
export function encounter (r: Json, p: string, ctx: MapContext): Mapped {
  const time = required(firstTime(r, p, [['period', 'start']]), p, 'period.start')
  const end = firstTime(r, p, [['period', 'end']])
  const cls = optObj(r, 'class', p)
  const classCoding = cls === undefined ? undefined : coding(cls, child(p, 'class'))
  const classText = classCoding?.display ?? classCoding?.code
  const input = {
    code: firstConcept(r, 'type', p) ?? (classText === undefined ? { text: 'Visit' } : { text: classText }),
    status: r.status,
    class: classCoding?.code,
    end: end?.value,
    reason: reason(r, p),
    provider: display(r, 'serviceProvider', p) ?? optObjs(r, 'location', p).map((l, i) => display(l, 'location', child(child(p, 'location'), i))).find(x => x !== undefined),
    at: time.value
  }
  const paths = { code: child(p, 'type'), status: child(p, 'status'), class: child(child(p, 'class'), 'code'), end: end?.path, reason: child(p, 'reasonCode'), provider: child(p, 'serviceProvider'), at: time.path }
  return { data: validateEncounter(input, ctx.now, failAt(paths, p)) }
}

/** Maps a CarePlan: its title or most specific category, status, period and planned activities. */
export function carePlan (r: Json, p: string, ctx: MapContext): Mapped {
  const time = required(firstTime(r, p, [['period', 'start'], ['created']]), p, 'period.start')
  const end = firstTime(r, p, [['period', 'end']])
  const categories = optObjs(r, 'category', p).map((c, i) => concept(c, child(child(p, 'category'), i)))
  const title = optText(r, 'title', p)
  const activities = optObjs(r, 'activity', p).flatMap((a, i) => {
    const ap = child(child(p, 'activity'), i)
    const detail = optObj(a, 'detail', ap)
    const code = detail === undefined ? undefined : optConcept(detail, 'code', child(ap, 'detail'))
    return code === undefined ? [] : [code]
  })
  const input = {
    // Synthea's first category is the generic "Care plan"; the last says what kind.
    code: title === undefined ? categories[categories.length - 1] ?? { text: 'Care plan' } : { text: title },
    status: r.status,
    end: end?.value,
    activities: activities.length === 0 ? undefined : activities,
    at: time.value
  }
  return { data: validateCarePlan(input, ctx.now, failAt({ code: child(p, 'category'), status: child(p, 'status'), end: end?.path, activities: child(p, 'activity'), at: time.path }, p)) }
}

/** Maps an ImagingStudy: when, status, modalities, procedure, body site, and how many series and images. */
export function imagingStudy (r: Json, p: string, ctx: MapContext): Mapped {
  const time = required(firstTime(r, p, [['started']]), p, 'started')
  const series = optObjs(r, 'series', p)
  const modalities = new Map<string, Concept>()
  for (const [i, s] of series.entries()) {
    const sp = child(child(p, 'series'), i)
    const m = optObj(s, 'modality', sp)
    if (m !== undefined) {
      const c = concept(m, child(sp, 'modality'))
      modalities.set(`${c.system ?? ''}|${c.code ?? c.text}`, c)
    }
  }
  const firstSite = series.map((s, i) => optObj(s, 'bodySite', child(child(p, 'series'), i))).find(x => x !== undefined)
  const instances = series.reduce((n, s) => n + (Array.isArray(s.instance) ? s.instance.length : typeof s.numberOfInstances === 'number' ? s.numberOfInstances : 0), 0)
  const input = {
    status: r.status,
    modality: modalities.size === 0 ? undefined : [...modalities.values()],
    procedure: firstConcept(r, 'procedureCode', p),
    bodySite: firstSite === undefined ? undefined : concept(firstSite, child(child(child(p, 'series'), 0), 'bodySite')),
    series: typeof r.numberOfSeries === 'number' ? r.numberOfSeries : series.length,
    instances: typeof r.numberOfInstances === 'number' ? r.numberOfInstances : instances,
    at: time.value
  }
  return { data: validateImaging(input, ctx.now, failAt({ status: child(p, 'status'), series: child(p, 'numberOfSeries'), instances: child(p, 'numberOfInstances'), at: time.path }, p)) }
}

function reason (r: Json, p: string): Concept | undefined {
  const name = optObjs(r, 'reasonReference', p).map((ref, i) => optText(ref, 'display', child(child(p, 'reasonReference'), i))).find(x => x !== undefined)
  return firstConcept(r, 'reasonCode', p) ?? (name === undefined ? undefined : { text: name })
}

function required (time: Timed | undefined, p: string, field: string): Timed {
  if (time === undefined) throw bundleError(p, `it has no time (${field}).`)
  return time
}
