// @techo/errors: the shared error base. Each package defines its own codes in one place as a
// subclass of CodedError; the CLI and the API read `code` to choose an exit code or HTTP status.
export { CodedError, errorCode } from './coded-error.js'
