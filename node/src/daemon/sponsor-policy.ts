// What a serving node's sponsor publishes for a phone, which holds no token: anyone who reaches the
// route may call it, and every transaction it publishes is paid by this clinic. The contract would
// refuse a forged or foreign payload, but a refused transaction still costs the clinic its gas; so
// before anything is sent, the call is run dry under the contract's own rules on this node's view
// (`LedgerView.judge`: signature, contract, fields, expiry, nonce, device proof, who may do what),
// and of the calls that would land only what a patient's phone needs passes: registering as a
// patient, approving its own phone, removing one of its own phones (a lost one, from the phone
// restored by the recovery phrase), granting this clinic, revoking a grant, and anchoring its own
// notebook.
import { HttpError } from '@techo/http-server'
import type { SignedPayload } from '@techo/identity'
import { CONSENT_ACTIONS, LedgerError, MAX_PAYLOAD_CHARS, type ConsentAction, type ConsentEvent, type LedgerView } from '@techo/ledger'

/** Where the sponsor judges: this clinic's party, and the node's view of the chain. */
export interface SponsorContext {
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

/** Returns the request as a payload to publish; throws 400 for a malformed one, 403 ERR_NOT_SPONSORED for one the contract would refuse or a patient's phone does not send, and 503 while this node's view is behind the phone's. */
export function sponsorable (body: Record<string, unknown>, ctx: SponsorContext): Sponsorable {
  const { action, payload, signature, signer } = body
  const known = CONSENT_ACTIONS.find(a => a === action)
  if (known === undefined) bad(`"action" must be one of ${CONSENT_ACTIONS.join(', ')}.`)
  if (typeof payload !== 'string' || typeof signature !== 'string' || typeof signer !== 'string') {
    bad('"payload", "signature" and "signer" must be strings (a signed consent payload).')
  }
  if (payload.length > MAX_PAYLOAD_CHARS) bad(`"payload" is ${payload.length} characters; the contract takes at most ${MAX_PAYLOAD_CHARS}.`)
  const signed = { payload, signature, signer }
  const event = judged(ctx.view, known, signed)
  if (event.signer !== signer) bad('"signer" is not the payload\'s signer.')
  return { action: known, signed, patient: patientOf(event, ctx) }
}

// The event the call would make, or the contract's refusal in words. A nonce ahead of the one this
// view expects is a phone that read a newer block than this node has applied: not a replay.
function judged (view: LedgerView, action: ConsentAction, signed: SignedPayload): ConsentEvent {
  try {
    return view.judge(action, signed)
  } catch (err) {
    if (!(err instanceof LedgerError)) throw err
    if (err.code === 'ERR_STALE_NONCE') {
      const nonce = (JSON.parse(signed.payload) as { nonce: number }).nonce
      const used = view.nonce(signed.signer)
      if (nonce > used + 1) throw new HttpError(503, 'ERR_CHAIN_BEHIND', `This node has applied the chain up to block ${view.height}, where ${signed.signer} has used nonce ${used}; the payload carries ${nonce}. Try again shortly.`)
      refuse(`nonce ${nonce} of ${signed.signer} is used up already (a replayed payload).`)
    }
    if (err.code === 'ERR_BAD_PAYLOAD') bad(`the payload: ${err.message}`)
    return refuse(`the consent contract would refuse it (${err.code}): ${err.message}`)
  }
}

// The patient a call that would land acts for, once it is one this sponsor publishes.
function patientOf (event: ConsentEvent, ctx: SponsorContext): string {
  switch (event.action) {
    case 'registerParty':
      if (event.kind !== 'patient') refuse('registering a clinic; a clinic registers with its own account.')
      return event.party
    case 'approveDevice':
      if (event.role !== 'phone') refuse(`approving a ${event.role}; only a patient's own phone is approved here.`)
      if (ctx.view.party(event.party)?.kind !== 'patient') refuse(`${event.party} is registered as a clinic, not a patient.`)
      return event.party
    case 'revokeDevice': {
      // The contract lets only the party's master key revoke, and only its own device.
      if (ctx.view.party(event.party)?.kind !== 'patient') refuse(`${event.party} is registered as a clinic, not a patient; a clinic removes its devices with its own account.`)
      const role = ctx.view.device(event.device)?.role
      if (role !== 'phone') refuse(`removing a ${role ?? 'device'}; only a patient's own phone is removed here.`)
      return event.party
    }
    case 'grant':
      if (event.clinic !== ctx.clinic) refuse(`a grant to clinic ${event.clinic}; this clinic sponsors grants to itself only.`)
      return event.patient
    case 'revoke':
    case 'anchor':
      // The contract lets only a patient (or its approved device, for an anchor) on its own notebook.
      return event.patient
  }
}
