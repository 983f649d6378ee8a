// What both pages show about themselves: a notice when something went wrong, and whether the
// daemon that served the page still answers. A failure is put in words the person can act on.
import { errorCode } from './api.js'
import { byId } from './dom.js'

/** Shows `message` in the page's notice, or hides the notice when undefined. */
export function notice (message: string | undefined): void {
  const el = byId('notice')
  el.textContent = message ?? ''
  el.hidden = message === undefined
}

/** Marks the daemon as answering (`up` says as what) or not. */
export function connection (up: string | false): void {
  const pill = byId('connection')
  pill.textContent = up === false ? 'Daemon not answering' : up
  pill.classList.toggle('down', up === false)
}

/** Says what a failure means to the person looking at the page. */
export function report (err: unknown): void {
  const code = errorCode(err)
  if (code === 'ERR_DAEMON_UNREACHABLE') {
    connection(false)
    notice('The techo daemon is not answering. Is `techo serve` still running? This page reconnects by itself.')
  } else if (code === 'ERR_NOT_AUTHORISED') {
    notice('This page\'s access token does not fit the running daemon (it changes each time `techo serve` starts): open the link it printed.')
  } else {
    notice(err instanceof Error ? err.message : String(err))
  }
}
