// What every page shows about itself: a notice when something went wrong, and whether the node
// behind the page (the daemon that served it, or the phone's own) answers. A daemon's failure is put
// in words the person can act on.
import { errorCode } from './api.js'
import { byId } from './dom.js'

/** Shows `message` in the page's notice, or hides the notice when undefined. */
export function notice (message: string | undefined): void {
  const el = byId('notice')
  el.textContent = message ?? ''
  el.hidden = message === undefined
}

/** Sets the connection pill: `up` says whether the page's node answers, `text` what to show. */
export function connection (up: boolean, text: string): void {
  const pill = byId('connection')
  pill.textContent = text
  pill.classList.toggle('down', !up)
}

/** The pill for a daemon that does not answer. */
export const DAEMON_DOWN = 'Daemon not answering'

/** Says what a failure means to the person looking at the page. */
export function report (err: unknown): void {
  const code = errorCode(err)
  if (code === 'ERR_DAEMON_UNREACHABLE') {
    connection(false, DAEMON_DOWN)
    notice('The techo daemon is not answering. Is `techo serve` still running? This page reconnects by itself.')
  } else if (code === 'ERR_NOT_AUTHORISED') {
    notice('This page\'s access token does not fit the running daemon (it changes each time `techo serve` starts): open the link it printed.')
  } else {
    notice(err instanceof Error ? err.message : String(err))
  }
}
