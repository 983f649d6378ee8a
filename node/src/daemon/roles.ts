// The roles `techo serve` runs as, apart from the services themselves so that parsing a flag
// does not load libp2p. A patient's identity serves as its patient device; a clinic's, as the
// clinic relay (or a clinic device) when it holds the master key, else as a practitioner's device.
import { CliError, EXIT } from '../cli/exit.js'
import { type Self } from '../session/self.js'

/** A patient's device, a practitioner's device, a clinic's device, or a clinic's relay peer. */
export type ServeRole = 'patient' | 'practitioner' | 'clinic' | 'relay'
export const SERVE_ROLES: readonly ServeRole[] = ['patient', 'practitioner', 'clinic', 'relay']

/** The role this identity serves as: `requested` if it fits, else its default; a role that does not fit is a clear error. */
export function serveRoleFor (self: Self, holdsMasterKey: boolean, requested: ServeRole | undefined): ServeRole {
  const fitting: readonly ServeRole[] = self.role === 'patient' ? ['patient'] : holdsMasterKey ? ['relay', 'clinic', 'practitioner'] : ['practitioner', 'relay', 'clinic']
  const role = requested ?? fitting[0] as ServeRole
  if (!fitting.includes(role)) {
    throw new CliError(`This data directory holds a ${self.role} identity, which cannot serve as ${role}; use --role ${fitting.join(' or --role ')}.`, 'ERR_BAD_ROLE', EXIT.badInput)
  }
  return role
}
