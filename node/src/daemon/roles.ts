// The roles `techo serve` runs as, apart from the services themselves so that parsing a flag
// does not load libp2p.

/** A patient's device, a clinic's device, or a clinic's relay peer. */
export type ServeRole = 'patient' | 'clinic' | 'relay'
export const SERVE_ROLES: readonly ServeRole[] = ['patient', 'clinic', 'relay']
