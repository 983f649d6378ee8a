// The phone app: the notebook page whose Api is this page's own Techo node. Automerge's
// WebAssembly loads as its own file (cached by the service worker, like the rest of the app); the
// patient signs up or unlocks; the node that served the page is the clinic relay the page dials,
// the chain it reads through, and the sponsor of its consent transactions.
import { initializeWasm } from '@automerge/automerge'
import { LedgerReader } from '@techo/ledger'
import type { PhoneNodeAnswer } from '../../../src/daemon/phone-routes.js'
import { connection, notice, runNotebook } from '../notebook-page.js'
import { clinicCard } from './clinic-card.js'
import { startPhoneNode } from './phone-node.js'
import { phoneApi } from './phone-api.js'
import { SponsoredLedger } from './sponsored-ledger.js'
import { welcome } from './welcome.js'

const CONNECTED = 'This phone is a Techo node'

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
  const [relay] = await Promise.all([
    fetch(here('api/node')).then(async res => await res.json() as PhoneNodeAnswer),
    initializeWasm(here('automerge.wasm'))
  ])
  const me = await welcome()
  connection(false, 'Joining the consent chain…')
  const chainUrl = here('api/chain')
  const reader = new LedgerReader({ url: chainUrl, contract: relay.contract })
  const ledger = new SponsoredLedger(reader, here('api/sponsor'), relay.chainId)
  await ledger.enrol(me)
  const services = await startPhoneNode({ me, relay, chainUrl, ledger })
  const api = phoneApi(me, services, reader)
  document.body.classList.remove('locked')
  const page = await runNotebook(api, { connected: CONNECTED, report })
  if (relay.role === 'relay' || relay.role === 'clinic') {
    const grant = await reader.grant(me.notebook.id, relay.party)
    clinicCard(me, ledger, relay.party, grant?.active === true, page.refresh)
  }
}

boot().catch(report)
