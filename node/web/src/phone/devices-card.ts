// The patient's phones, as the consent chain lists them (this page's own view of it, redrawn on
// each device approval or removal): this one, and each other phone with "Remove this phone". A lost
// phone is removed from the one the recovery phrase restored: from the next block its peers refuse
// it, so it syncs nothing more (what it already holds stays on it, sealed by its passphrase). The
// card asks before removing, since the lost phone cannot undo it.
import type { DeviceRecord, LedgerView } from '@techo/ledger'
import { byId, h } from '../dom.js'
import { formatWhen, short } from '../format.js'
import type { Unlocked } from './identity.js'
import type { SponsoredLedger } from './sponsored-ledger.js'

type Device = DeviceRecord & { device: string }

/** Shows the card at the top of the page; `view` is the page's node's view of the chain. */
export function devicesCard (me: Unlocked, ledger: SponsoredLedger, view: LedgerView): void {
  const list = h('ul', { id: 'devices', class: 'items' })
  const result = h('p', { id: 'devices-result', class: 'result', role: 'status', 'aria-live': 'polite' })
  // The phone whose removal waits for the patient's yes, and the one being removed now.
  let confirming: string | undefined
  let removing: string | undefined

  const draw = (): void => {
    const devices = view.devicesOf(me.self.party)
    list.replaceChildren(...devices.length === 0
      ? [h('li', { class: 'none' }, 'The consent chain lists no device of yours yet.')]
      : devices.map(row))
  }

  const row = (d: Device): HTMLLIElement => {
    const self = d.device === me.self.peerId
    const name = self ? 'This phone' : `${d.role === 'phone' ? 'Phone' : `Device (${d.role})`} ${short(d.device)}`
    const when = formatWhen(new Date(d.at).toISOString())
    return h('li', { 'data-device': d.device, class: d.active ? undefined : 'past' },
      h('span', { class: 'name' }, name), ' ',
      h('span', { class: 'muted state' }, d.active ? `approved ${when}` : `removed ${when}`),
      h('span', { class: 'mono meta' }, d.device),
      // A device of another role was approved from a computer, and is removed there too; a phone
      // that was itself removed (the lost one, should it be opened again) removes no other.
      d.active && !self && d.role === 'phone' && view.isApprovedDevice(me.self.peerId) ? actions(d.device) : null)
  }

  const actions = (device: string): HTMLElement => {
    if (removing === device) return h('p', { class: 'muted' }, 'Removing…')
    if (confirming !== device) {
      const ask = h('button', { type: 'button', class: 'small danger remove-device' }, 'Remove this phone')
      ask.addEventListener('click', () => { confirming = device; result.textContent = ''; draw() })
      return h('div', { class: 'controls' }, ask)
    }
    const yes = h('button', { type: 'button', class: 'small danger confirm-remove' }, 'Yes, remove it')
    const no = h('button', { type: 'button', class: 'small keep-device' }, 'Keep it')
    yes.addEventListener('click', () => { remove(device) })
    no.addEventListener('click', () => { confirming = undefined; draw() })
    return h('div', { role: 'group', 'aria-label': 'Confirm removal' },
      h('p', {}, `Remove phone ${short(device)}? It will no longer sync your notebook. Do this for a phone you lost or gave away; what it already holds stays on it.`),
      h('div', { class: 'controls' }, yes, no))
  }

  const remove = (device: string): void => {
    confirming = undefined
    removing = device
    draw()
    ledger.removeDevice(me, device)
      .then(async published => {
        await me.vault.audit.append({ at: new Date().toISOString(), kind: 'revoke-device', peer: me.self.peerId, party: me.self.party, notebook: me.notebook.id, detail: `removed phone ${device} (tx ${published.tx})` })
        result.textContent = `Removed phone ${short(device)}: from the next block no peer syncs with it.`
      })
      .catch((err: unknown) => { result.textContent = err instanceof Error ? err.message : String(err) })
      .finally(() => { removing = undefined; draw() })
  }

  view.on('approveDevice', e => { if (e.party === me.self.party) draw() })
  view.on('revokeDevice', e => {
    if (e.party !== me.self.party) return
    if (e.device === me.self.peerId) result.textContent = 'This phone was removed from your phones on another of them: it no longer syncs.'
    draw()
  })
  draw()
  byId('main').prepend(h('section', { class: 'card span-2', id: 'phones', 'aria-labelledby': 'phones-heading' },
    h('h2', { id: 'phones-heading' }, 'Your phones'),
    h('p', { class: 'muted' }, 'The devices that sync your notebook. Lost a phone? Remove it here, from the phone you restored with your recovery phrase.'),
    list, result))
}
