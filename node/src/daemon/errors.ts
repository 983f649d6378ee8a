// Errors the daemon's HTTP layer raises itself (not the notebook's or the vault's): each carries
// the HTTP status it is answered with, next to the stable code every techo error has.

/** A request the API refuses before any notebook code runs: wrong token, route, method, body or size. */
export class ApiError extends Error {
  readonly code: string
  readonly status: number

  constructor (status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}
