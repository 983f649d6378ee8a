// The desktop web notebook: the notebook page over the API of the daemon that served it.
import { connect, errorCode, takeToken } from './api.js'
import { connection, notice, runNotebook } from './notebook-page.js'

const CONNECTED = 'Connected to this device'

// What a failure means to the person looking at the page.
function report (err: unknown): void {
  const code = errorCode(err)
  if (code === 'ERR_DAEMON_UNREACHABLE') {
    connection(false, 'Daemon not answering')
    notice('The techo daemon is not answering. Is `techo serve` still running? This page reconnects by itself.')
  } else if (code === 'ERR_NOT_AUTHORISED') {
    notice('This page\'s access token does not fit the running daemon (it changes each time `techo serve` starts): open the link it printed.')
  } else {
    notice(err instanceof Error ? err.message : String(err))
  }
}

const token = takeToken()
if (token === undefined) {
  notice('Open the web notebook with the link `techo serve` printed: it carries the access token.')
  connection(false, 'Daemon not answering')
} else {
  runNotebook(connect(token), { connected: CONNECTED, report }).catch(report)
}
