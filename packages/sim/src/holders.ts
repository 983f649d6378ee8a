// Who must hold a patient's notebook once a run has settled, and whether they all hold the same
// state of it: the lead's test for the end of settling, and the checker's convergence invariant.
import type { ConsentModel } from './consent-model.js'
import type { HeadsRow } from './shard-result.js'
import type { Plan } from './workload.js'

/** True when every device expected to hold each notebook at the end reports the same heads for it. */
export function converged (run: Plan, model: ConsentModel, shardHeads: HeadsRow[][], now: number): boolean {
  const byPatient = new Map<number, Map<number, string>>()
  for (const rows of shardHeads) {
    for (const [device, patient, digest] of rows) {
      const held = byPatient.get(patient) ?? new Map<number, string>()
      held.set(device, digest)
      byPatient.set(patient, held)
    }
  }
  for (const patient of run.world.patients) {
    const expected = expectedHolders(run, model, patient, now)
    const held = byPatient.get(patient) ?? new Map<number, string>()
    const digests = new Set(expected.map(d => held.get(d)))
    if (digests.size > 1 || digests.has(undefined)) return false
  }
  return true
}

/**
 * The devices that must hold `patient`'s notebook, all alike, once the run has settled: every
 * running device that may hold it now. A patient's phones sync only through a clinic relay, so
 * without a standing grant only one phone can be expected to hold the latest state.
 */
export function expectedHolders (run: Plan, model: ConsentModel, patient: number, now: number): number[] {
  const alive = run.world.devices.filter(d => d.until === Infinity && d.from <= run.durationMs)
  const holders = alive.filter(d => model.mayHold(d.index, patient, Infinity, now)).map(d => d.index)
  const routed = model.clinicsOf(patient).some(c => model.grantActive(patient, c, Infinity, now))
  if (routed) return holders
  return holders.filter(d => run.world.devices[d]?.party !== patient).concat(holders.filter(d => run.world.devices[d]?.party === patient).slice(0, 1))
}
