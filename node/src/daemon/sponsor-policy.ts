// What a serving node's sponsor publishes for a phone, which holds no token: anyone who reaches the
// route may call it, and every transaction it publishes is paid by this clinic. The contract would
// refuse a forged or foreign payload, but a refused transaction still costs the clinic its gas; so
// before anything is sent, the payload is judged here as the contract will judge it, and only what a
// patient's phone needs passes: registering as a patient, approving its own phone, granting this
// clinic, revoking a grant, and anchoring its own notebook. The view's state only grows (parties,
// devices, nonces), so a view a block behind may refuse a payload a moment early but never passes
// a replay.
import { HttpError } from '@techo/http-server'
import { notebookIdFor, verifyPayload, type SignedPayload } from '@techo/identity'
import { CONSENT_ACTIONS, LedgerError, MAX_PAYLOAD_CHARS, buildPayload, type ConsentAction, type LedgerView } from '@techo/ledger'

/** The actions a phone asks a clinic to sponsor; revoking a device is done from a computer, through its own daemon. */
const SPONSORED: ReadonlySet<ConsentAction> = new Set(['registerParty', 'approveDevice', 'grant', 'revoke', 'anchor'])
const ENVELOPE = new Set(['action', 'contract', 'signer', 'nonce', 'expires'])
/** The contract refuses a payload that expires more than a day after its block. */
const MAX_EXPIRY_AHEAD_MS = 24 * 60 * 60 * 1000

/** Where the sponsor judges: the consent contract's id, this clinic's party, and the node's view of the chain. */
export interface SponsorContext {
  contract: string
  clinic: string
  view: LedgerView
}

/** A payload the sponsor will publish, and the patient it is for (whose budget it uses). */
export interface Sponsorable {
  action: ConsentAction
  signed: SignedPayload
  patient: string
}

function refuse (message: string): never {
  throw new HttpError(403, 'ERR_NOT_SPONSORED', `This clinic does not sponsor that: ${message}`)
}

function bad (message: string): never {
  throw new HttpError(400, 'ERR_BAD_FIELD', `In the request body, ${message}`)
}

/** Returns the request as a payload to publish; throws 400 for a malformed one and 403 ERR_NOT_SPONSORED for one a patient's phone does not send. */
export function sponsorable (body: Record<string, unknown>, ctx: SponsorContext): Sponsorable {
  const { action, payload, signature, signer } = body
  const known = CONSENT_ACTIONS.find(a => a === action)
  if (known === undefined) bad(`"action" must be one of ${CONSENT_ACTIONS.join(', ')}.`)
  if (typeof payload !== 'string' || typeof signature !== 'string' || typeof signer !== 'string') {
    bad('"payload", "signature" and "signer" must be strings (a signed consent payload).')
  }
  if (payload.length > MAX_PAYLOAD_CHARS) bad(`"payload" is ${payload.length} characters; the contract takes at most ${MAX_PAYLOAD_CHARS}.`)
  if (!SPONSORED.has(known)) refuse(`a phone's ${known}; only registering as a patient, approving its own phone, granting this clinic, revoking a grant and anchoring its own notebook are sponsored.`)
  const fields = parsePayload(payload)
  if (fields.action !== known) bad(`the payload was signed for "${String(fields.action)}", not "${known}".`)
  if (fields.signer !== signer) bad('"signer" is not the payload\'s signer.')
  if (fields.contract !== ctx.contract) refuse(`a payload for another contract or chain than ${ctx.contract}.`)
  if (!verifyPayload({ payload, signature, signer })) refuse('the signature does not match the payload and its signer.')
  // The contract's own field checks (own notebook, ids, a future grant end), as the client library applies them.
  const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => !ENVELOPE.has(name)))
  try {
    buildPayload(known, rest as never, { contract: ctx.contract, signer, nonce: fields.nonce as number, expires: fields.expires as number })
  } catch (err) {
    if (err instanceof LedgerError) bad(err.message)
    throw err
  }
  const now = Date.now()
  const expires = fields.expires as number
  if (expires <= now || expires > now + MAX_EXPIRY_AHEAD_MS) refuse('the payload has expired or expires more than a day ahead; sign it again.')
  if ((fields.nonce as number) <= ctx.view.nonce(signer)) refuse(`nonce ${String(fields.nonce)} of ${signer} is used up already (a replayed payload).`)
  return { action: known, signed: { payload, signature, signer }, patient: patientOf(known, fields, signer, ctx) }
}

function parsePayload (payload: string): Record<string, unknown> {
  let fields: unknown
  try {
    fields = JSON.parse(payload)
  } catch {
    return bad('"payload" is not JSON.')
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) bad('"payload" must be a JSON object.')
  return fields as Record<string, unknown>
}

// The patient the payload acts for, once it is one this sponsor publishes.
function patientOf (action: ConsentAction, p: Record<string, unknown>, signer: string, ctx: SponsorContext): string {
  const { view } = ctx
  const registered = view.party(signer)
  switch (action) {
    case 'registerParty':
      if (p.kind !== 'patient') refuse('registering a clinic; a clinic registers with its own account.')
      if (registered !== undefined) refuse(`${signer} is registered already.`)
      return signer
    case 'approveDevice':
      if (p.role !== 'phone') refuse(`approving a ${String(p.role)}; only a patient's own phone is approved here.`)
      requirePatient(signer, registered?.kind)
      return signer
    case 'grant':
      if (p.clinic !== ctx.clinic) refuse(`a grant to clinic ${String(p.clinic)}; this clinic sponsors grants to itself only.`)
      requirePatient(signer, registered?.kind)
      return signer
    case 'revoke': {
      requirePatient(signer, registered?.kind)
      const grant = view.grant(notebookIdFor(signer), p.clinic as string)
      if (grant === undefined || grant.revoked) refuse(`clinic ${String(p.clinic)} holds no grant on the notebook to revoke.`)
      return signer
    }
    case 'anchor': {
      if (p.device === undefined) {
        requirePatient(signer, registered?.kind)
        return signer
      }
      const device = view.device(p.device as string)
      if (device === undefined || !device.active || device.key !== signer) refuse(`an anchor signed by ${signer}, which is not approved device ${String(p.device)}.`)
      requirePatient(device.party, view.party(device.party)?.kind)
      if (p.notebook !== notebookIdFor(device.party)) refuse('an anchor of a notebook that is not the device\'s patient\'s.')
      return device.party
    }
    default:
      return refuse(`a phone's ${action}.`)
  }
}

function requirePatient (party: string, kind: string | undefined): void {
  if (kind !== 'patient') refuse(`${party} is not a registered patient${kind === undefined ? ' (register first)' : ''}.`)
}
