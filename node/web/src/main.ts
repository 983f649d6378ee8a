// The desktop web notebook: the notebook page over the API of the daemon that served it.
import { connect, takeToken } from './api.js'
import { runNotebook } from './notebook-page.js'
import { DAEMON_DOWN, connection, notice, report } from './page-state.js'

const token = takeToken()
if (token === undefined) {
  notice('Open the web notebook with the link `techo serve` printed: it carries the access token.')
  connection(false, DAEMON_DOWN)
} else {
  runNotebook(connect(token), { connected: 'Connected to this device', report }).catch(report)
}
