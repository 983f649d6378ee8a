// The clinic workspace's routes: the patients who granted this clinic access (from the grants on
// chain, not from the replicas open now), and the clinic's card with its QR code's modules.
import { Notebook, type PatientEntry } from '@techo/notebook'
import { clinicCard, type CardAnswer } from '../access/clinic-card.js'
import { CliError, EXIT } from '../cli/exit.js'
import type { LocalSession } from '../session/session.js'
import type { LastSync } from './last-sync.js'
import type { ApiRoute } from './routes.js'
import type { DaemonServices } from './services.js'
import { running } from './sync-routes.js'

/** One patient as the workspace lists them. */
export interface PatientRow {
  patient: string
  notebook: string
  /** The name in the patient's notebook, when this node has opened it since it started. */
  name?: string
  scope: string
  until: number
  state: 'active' | 'revoked' | 'expired'
  /** When the notebook last synced, as this daemon saw it. */
  lastSync?: string
  open: boolean
}

/** What `GET /api/patients` answers: the rows, and how many notebooks this node holds and has open. */
export interface PatientsAnswer { patients: PatientRow[], held: number, open: number }

/** The routes of the clinic workspace on a clinic node. */
export function clinicRoutes (session: LocalSession, services: DaemonServices, lastSync: LastSync): ApiRoute[] {
  const names = new Map<string, string>()
  return [
    {
      method: 'GET',
      path: '/api/patients',
      handle: async (): Promise<PatientsAnswer> => {
        if (session.self.role !== 'clinic') throw new CliError('This is a patient\'s node: the patient list is the clinic workspace\'s.', 'ERR_NOT_CLINIC', EXIT.badInput)
        const sync = running(services)
        const view = services.view()
        const open = new Map(sync.notebooks().map(n => [n.id, n]))
        const patients = (view?.grantsForClinic(session.self.party) ?? []).map((g): PatientRow => {
          const holder = open.get(g.notebook)?.holder
          // A name is read from an open notebook only: opening every patient's to list them would cost what a list must not.
          if (holder instanceof Notebook && !names.has(g.patient)) {
            const name = (holder.query({ type: 'patient' }) as PatientEntry[]).find(p => p.name !== undefined)?.name
            if (name !== undefined) names.set(g.patient, name)
          }
          const name = names.get(g.patient)
          const last = lastSync.of(g.notebook, sync)
          return {
            patient: g.patient, notebook: g.notebook, scope: g.scope, until: g.until,
            state: g.revoked ? 'revoked' : g.active ? 'active' : 'expired',
            open: open.has(g.notebook),
            ...(name === undefined ? {} : { name }),
            ...(last === undefined ? {} : { lastSync: last })
          }
        })
        return { patients, ...sync.counts() }
      }
    },
    {
      method: 'GET',
      path: '/api/clinic/card',
      handle: async (): Promise<CardAnswer & { modules: string[] }> => {
        const card = await clinicCard(session, services.addresses())
        const { qrModules } = await import('../cli/qr-code.js')
        return { ...card, modules: qrModules(card.uri).map(row => row.map(dark => dark ? '1' : '0').join('')) }
      }
    }
  ]
}
