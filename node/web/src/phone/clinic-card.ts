// The clinic whose node served this page: who it is, and the button that grants it access to the
// notebook or withdraws the grant (the patient's key signs here; the clinic's node only publishes).
// The patient may grant it from its code instead (its QR code scanned, or its techo:// link pasted),
// which also shows that the clinic at the desk is the one this app syncs with.
import { byId, h } from '../dom.js'
import { short } from '../format.js'
import { clinicFromCode } from './clinic-code.js'
import { codeField } from './code-field.js'
import type { Unlocked } from './identity.js'
import type { Published, SponsoredLedger } from './sponsored-ledger.js'

/** How long a grant from this card lasts. */
const GRANT_DAYS = 365

/** Shows the card for `clinic`; `granted` says whether it holds an active grant now, `onChanged` runs after a grant or a revocation. */
export function clinicCard (me: Unlocked, ledger: SponsoredLedger, clinic: string, granted: boolean, onChanged: () => Promise<void>): void {
  const result = h('p', { id: 'grant-result', class: 'result', role: 'status', 'aria-live': 'polite' }, granted ? 'This clinic has access to your notebook.' : '')
  const grant = h('button', { type: 'button', id: 'grant-clinic', hidden: granted }, 'Let this clinic read and add to my notebook')
  const revoke = h('button', { type: 'button', id: 'revoke-clinic', hidden: !granted }, 'Withdraw this clinic\'s access')
  // One consent action at a time; each is stored in the notebook with its audit event once published.
  const act = (buttons: HTMLButtonElement[], doing: string, run: () => Promise<{ published: Published, said: string, kind: string }>, nowGranted: boolean): void => {
    for (const button of buttons) button.disabled = true
    result.textContent = doing
    run()
      .then(async ({ published, said, kind }) => {
        const detail = `${said} (tx ${published.tx})`
        await me.vault.notebooks.save(me.notebook.id, me.notebook.doc, {
          audit: [{ at: new Date().toISOString(), kind, peer: me.self.peerId, party: me.self.party, notebook: me.notebook.id, detail }]
        })
        grant.hidden = nowGranted
        revoke.hidden = !nowGranted
        result.textContent = said
        await onChanged()
      })
      .catch((err: unknown) => { result.textContent = err instanceof Error ? err.message : String(err) })
      .finally(() => { for (const button of buttons) button.disabled = false })
  }
  const submit = h('button', { type: 'submit', id: 'grant-code' }, 'Grant the clinic of this code')
  // From the button or from the code: either way both wait until the grant is published.
  const grantIt = (): void => {
    const until = Date.now() + GRANT_DAYS * 86_400_000
    act([grant, submit], 'Granting…', async () => ({
      published: await ledger.grant(me, clinic, 'write', until),
      said: `Granted until ${new Date(until).toLocaleDateString()}: your readings now reach the clinic.`,
      kind: 'grant'
    }), true)
  }
  grant.addEventListener('click', grantIt)
  const form = h('form', { id: 'code-form', novalidate: true })
  const code = codeField(form)
  form.append(code.element, submit)
  form.addEventListener('submit', event => {
    event.preventDefault()
    // A scan that ends while a grant is being published does not publish a second one.
    if (submit.disabled) return
    try {
      const coded = clinicFromCode(code.input.value)
      const named = coded.name ?? `Clinic ${short(coded.clinic)}`
      // The app syncs only through the node that served it, which sponsors grants to its own clinic alone.
      if (coded.clinic !== clinic) throw new Error(`This code is ${named}'s, but this app syncs with clinic ${short(clinic)}, whose node served it: open the app from ${named}'s node to grant it.`)
      code.error(undefined)
      if (!grant.hidden) grantIt()
      else result.textContent = `${named} already has access to your notebook.`
    } catch (err) {
      code.error(err instanceof Error ? err.message : String(err))
    }
  })
  revoke.addEventListener('click', () => {
    act([revoke], 'Withdrawing…', async () => ({
      published: await ledger.revoke(me, clinic),
      said: 'Withdrawn: the clinic\'s devices destroy their copies from the next block. Revoke is not erase: what the clinic already received, it may have kept.',
      kind: 'revoke'
    }), false)
  })
  byId('main').prepend(h('section', { class: 'card span-2', id: 'clinic', 'aria-labelledby': 'clinic-heading' },
    h('h2', { id: 'clinic-heading' }, `Clinic ${short(clinic)}`),
    h('p', { class: 'muted mono' }, clinic),
    grant, revoke, result, form))
}
