import { CodedError } from '@techo/errors'

/** Every reason a notebook operation can refuse, as a stable code callers can match on. */
export type NotebookErrorCode =
  | 'ERR_BAD_READING'
  | 'ERR_BAD_ENTRY'
  | 'ERR_BAD_BUNDLE'
  | 'ERR_BAD_IDENTITY'
  | 'ERR_BAD_DOCUMENT'
  | 'ERR_WRONG_NOTEBOOK'
  | 'ERR_STALE_DOC'
  | 'ERR_NOT_FOUND'
  | 'ERR_NOT_AUTHOR'

/**
 * A notebook failure: `code` is stable, `message` is one plain sentence naming what was wrong.
 * `path` names the offending field: for ERR_BAD_BUNDLE its JSON path (e.g. `entry[12].resource.status`), for a
 * typed edit the input field (e.g. `dosage[0].frequency`), so a form can show the sentence beside it.
 */
export class NotebookError extends CodedError<NotebookErrorCode> {
  override readonly name = 'NotebookError'
  readonly path: string | undefined

  constructor (code: NotebookErrorCode, message: string, options?: { path?: string, cause?: unknown }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.path = options?.path
  }
}

/**
 * How a validator reports a bad field: the typed API turns it into ERR_BAD_READING/ERR_BAD_ENTRY,
 * the FHIR importer into ERR_BAD_BUNDLE at the JSON path the field came from.
 */
export type Fail = (field: string, message: string) => never

/** Returns a Fail that throws a NotebookError with `code`, the message as given and the field as its path. */
export function failWith (code: NotebookErrorCode): Fail {
  return (field, message) => { throw new NotebookError(code, message, { path: field }) }
}
