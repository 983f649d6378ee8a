// Every failure @techo/sim reports is a SimError with a stable code: the CLI maps the code to an
// exit status and shows the message as it is.
import { CodedError } from '@techo/errors'

export type SimErrorCode =
  | 'ERR_BAD_SCENARIO' // a scenario file is unreadable or a field is wrong; the message names the field
  | 'ERR_BAD_SHARD' // --shard is not i/N with 0 ≤ i < N, or a shard's result does not belong to the run
  | 'ERR_SHARD_FAILED' // a shard process exited or stopped answering before it delivered its result
  | 'ERR_SETUP_FAILED' // the chain set-up (parties, devices, grants) did not complete
  | 'ERR_BAD_RESULT' // a result file given to `techo sim report` is not a simulator result
  | 'ERR_INVARIANT_VIOLATED' // the run completed and found invariant violations (the report lists them)

/** An error from @techo/sim: `code` is stable, `message` is one plain sentence. */
export class SimError extends CodedError<SimErrorCode> {
  override readonly name = 'SimError'
}
