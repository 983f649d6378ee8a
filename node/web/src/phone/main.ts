// The phone app: the notebook page whose Api is this page's own Techo node. Automerge's
// WebAssembly loads as its own file (cached by the service worker, like the rest of the app); the
// patient signs up, restores or unlocks; the node that served the page is the clinic relay the page
// dials, the chain it reads through, and the sponsor of its consent transactions. Offline, the
// notebook opens from this device alone and syncs nothing until the page is loaded online again;
// so does a phone the patient removed from another (it never approves itself again).
import { initializeWasm } from '@automerge/automerge'
import { LedgerReader } from '@techo/ledger'
import type { PhoneNodeAnswer } from '../../../src/daemon/phone-routes.js'
import { runNotebook } from '../notebook-page.js'
import { connection, notice } from '../page-state.js'
import { clinicCard } from './clinic-card.js'
import { devicesCard } from './devices-card.js'
import { startPhoneNode, type PhoneServices } from './phone-node.js'
import { phoneApi } from './phone-api.js'
import { dialableAddresses } from './relay-addresses.js'
import { RemovedPhoneError, SponsoredLedger } from './sponsored-ledger.js'
import { welcome } from './welcome.js'

const CONNECTED = 'This phone is a Techo node'
const OFFLINE = 'Offline: this device only'
const REMOVED = 'Removed from your phones: this device only'
/** Where the last answer of the serving node is kept, so the notebook also opens offline. */
const NODE_KEY = 'techo-node'

function report (err: unknown): void {
  notice(err instanceof Error ? err.message : String(err))
}

/** A URL under this app's own folder (so the app also works from any static host's sub-folder). */
function here (path: string): string {
  return new URL(path, location.href).href
}

async function boot (): Promise<void> {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register(here('sw.js')).catch(report)
  document.body.classList.add('locked')
  connection(false, 'Locked')
  const [relay] = await Promise.all([servingNode(), initializeWasm(here('automerge.wasm'))])
  const me = await welcome()
  connection(false, 'Joining the consent chain…')
  const chainUrl = here('api/chain')
  const reader = new LedgerReader({ url: chainUrl, contract: relay.contract })
  const ledger = new SponsoredLedger(reader, here('api/sponsor'), relay.chainId)
  let offline = OFFLINE
  // Checked before enrolling: a relay this page cannot reach is no reason to spend the clinic's gas.
  const online = async (): Promise<PhoneServices> => {
    const websockets = dialableAddresses(relay.websockets, location)
    await ledger.enrol(me)
    return await startPhoneNode({ me, relay: { ...relay, websockets }, chainUrl, ledger })
  }
  const services = await online().catch((err: unknown) => {
    if (err instanceof RemovedPhoneError) {
      offline = REMOVED
      report(err)
    } else {
      report(new Error(`Working offline: ${err instanceof Error ? err.message : String(err)} What you add is kept on this device and syncs when the page is next opened online.`))
    }
    return undefined
  })
  document.body.classList.remove('locked')
  const page = await runNotebook(phoneApi(me, services, reader), {
    connected: services === undefined ? offline : CONNECTED,
    report,
    // What a clinic adds (or a restored phone gets back) shows as it arrives.
    ...(services === undefined ? {} : { changes: listener => { services.sync().on('change', listener) } })
  })
  if (services !== undefined) devicesCard(me, ledger, services.view())
  if (services !== undefined && (relay.role === 'relay' || relay.role === 'clinic')) {
    const grant = await reader.grant(me.notebook.id, relay.party)
    clinicCard(me, ledger, relay.party, grant?.active === true, page.refresh)
  }
}

/** The node that served this page, or its last answer when it cannot be reached. */
async function servingNode (): Promise<PhoneNodeAnswer> {
  try {
    const answer = await (await fetch(here('api/node'))).json() as PhoneNodeAnswer
    localStorage.setItem(NODE_KEY, JSON.stringify(answer))
    return answer
  } catch (err) {
    const kept = localStorage.getItem(NODE_KEY)
    if (kept === null) throw new Error(`The Techo node that serves this app did not answer (${(err as Error).message}); open the app online once.`)
    return JSON.parse(kept) as PhoneNodeAnswer
  }
}

boot().catch(report)
