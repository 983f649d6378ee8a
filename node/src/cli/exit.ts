// How the CLI turns any error into one plain sentence and an exit code.
// The codes are fixed by the design: 1 bad input, 2 usage, 3 refused, 4 internal.
import { CodedError, errorCode } from '@techo/errors'

export const EXIT = { ok: 0, badInput: 1, usage: 2, refused: 3, internal: 4 } as const

/** An error raised by the CLI itself; `exit` says which kind it is, `field` the input field it is about (if it is about one). */
export class CliError extends CodedError {
  override readonly name = 'CliError'
  readonly exit: number
  readonly field: string | undefined
  constructor (message: string, code = 'ERR_USAGE', exit: number = EXIT.usage, field?: string) {
    super(code, message)
    this.exit = exit
    this.field = field
  }
}

// Refusals come from someone else's decision (consent, chain, peer, another process);
// everything else with a stable code is the user's input being wrong.
const REFUSED = new Set([
  'ERR_NOT_AUTHORISED', 'ERR_STALE_NONCE', 'ERR_EXPIRED', 'ERR_BAD_SIGNATURE', 'ERR_NOT_REGISTERED',
  'ERR_CHAIN_REFUSED', 'ERR_CHAIN_UNREACHABLE', 'ERR_TIMEOUT', 'ERR_REFUSED', 'ERR_VAULT_LOCKED',
  'ERR_PAYLOAD_TOO_LARGE', 'ERR_PEER_REFUSED', 'ERR_NO_GRANT', 'ERR_ACCESS_REVOKED', 'ERR_READ_ONLY',
  'ERR_NOT_RECEIVED', 'ERR_SYNC_FAILED', 'ERR_CHAIN_WAITING', 'ERR_PEER_UNREACHABLE', 'ERR_NO_QUORUM'
])
// Something the command line must say and did not (e.g. which patient): exit 2 wherever it is found.
const USAGE = new Set(['ERR_USAGE', 'ERR_PATIENT_NEEDED'])

/** The exit code for an error: usage, refused, bad input, or internal when it carries no stable code. */
export function exitCodeFor (err: unknown): number {
  if (err instanceof CliError) return err.exit
  const code = errorCode(err)
  if (code === undefined) return EXIT.internal
  if (USAGE.has(code)) return EXIT.usage
  return REFUSED.has(code) ? EXIT.refused : EXIT.badInput
}

/** One sentence a person can act on; internal errors point at the debug switch instead of a stack. */
export function describeError (err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  if (errorCode(err) !== undefined || err instanceof CliError) return message
  return `Internal error: ${message} (run again with DEBUG=techo:* for details, and please report it).`
}
