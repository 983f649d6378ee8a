// The one error base every Techo package extends: callers branch on `code`, people read `message`.

/** An error with a stable `code` callers branch on and a `message` of one plain sentence; every package's errors extend it. */
export class CodedError<C extends string = string> extends Error {
  readonly code: C

  constructor (code: C, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** The stable `ERR_*` code an error carries, whichever package raised it; undefined for an error without one. */
export function errorCode (err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_') ? code : undefined
}
