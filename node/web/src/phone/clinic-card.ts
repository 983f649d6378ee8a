// The clinic whose node served this page: who it is and, until the patient grants it, the button
// that does (the patient's key signs here; the clinic's node only publishes).
import { byId, h } from '../dom.js'
import { short } from '../format.js'
import type { Unlocked } from './identity.js'
import type { SponsoredLedger } from './sponsored-ledger.js'

/** How long a grant from this card lasts. */
const GRANT_DAYS = 365

/** Shows the card for `clinic`; `granted` says whether it holds an active grant now, `onGranted` runs after a new one. */
export function clinicCard (me: Unlocked, ledger: SponsoredLedger, clinic: string, granted: boolean, onGranted: () => Promise<void>): void {
  const result = h('p', { id: 'grant-result', class: 'result', role: 'status', 'aria-live': 'polite' }, granted ? 'This clinic has access to your notebook.' : '')
  const button = h('button', { type: 'button', id: 'grant-clinic', hidden: granted }, 'Let this clinic read and add to my notebook')
  button.addEventListener('click', () => {
    button.disabled = true
    result.textContent = 'Granting…'
    const until = Date.now() + GRANT_DAYS * 86_400_000
    ledger.grant(me, clinic, 'write', until)
      .then(async published => {
        const detail = `granted write access to clinic ${clinic} until ${new Date(until).toISOString()} (tx ${published.tx})`
        await me.vault.notebooks.save(me.notebook.id, me.notebook.doc, {
          audit: [{ at: new Date().toISOString(), kind: 'grant', peer: me.self.peerId, party: me.self.party, notebook: me.notebook.id, detail }]
        })
        button.hidden = true
        result.textContent = `Granted until ${new Date(until).toLocaleDateString()}: your readings now reach the clinic.`
        await onGranted()
      })
      .catch((err: unknown) => {
        result.textContent = err instanceof Error ? err.message : String(err)
        button.disabled = false
      })
  })
  byId('main').prepend(h('section', { class: 'card span-2', id: 'clinic', 'aria-labelledby': 'clinic-heading' },
    h('h2', { id: 'clinic-heading' }, `Clinic ${short(clinic)}`),
    h('p', { class: 'muted mono' }, clinic),
    button, result))
}
