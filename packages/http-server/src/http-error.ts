// A request refused by the server's own rules (host, origin, route, method, query, body), before
// any handler runs; handlers may throw it too. It carries the HTTP status it is answered with.
import { CodedError } from '@techo/errors'

/** A refused request: `status` is the HTTP status, `code` the stable ERR_* code, `message` one sentence. */
export class HttpError extends CodedError {
  override readonly name = 'HttpError'
  readonly status: number

  constructor (status: number, code: string, message: string) {
    super(code, message)
    this.status = status
  }
}
