// The card a locked notebook shows: in a browser that holds no notebook yet, sign up (a passphrase,
// then the recovery phrase to write down) or restore from the recovery phrase; in one that does,
// unlock with the passphrase.
import { byId, h } from '../dom.js'
import { hasIdentity, restore, signUp, unlock, type Unlocked } from './identity.js'

/** Shows the card and resolves once the patient has signed up (and seen the phrase) or unlocked. */
export async function welcome (): Promise<Unlocked> {
  const card = h('section', { class: 'card span-2', id: 'welcome', 'aria-labelledby': 'welcome-heading' })
  byId('main').prepend(card)
  const fresh = !await hasIdentity()
  const unlocked = await new Promise<Unlocked>(resolve => {
    void passphraseForm(card, fresh).then(resolve)
    if (fresh) card.append(restoreForm(resolve))
  })
  card.remove()
  return unlocked
}

async function passphraseForm (card: HTMLElement, fresh: boolean): Promise<Unlocked> {
  const input = h('input', { id: 'passphrase', type: 'password', autocomplete: fresh ? 'new-password' : 'current-password', required: true })
  const result = h('p', { id: 'welcome-result', class: 'result', role: 'status', 'aria-live': 'polite' })
  const submit = h('button', { type: 'submit', id: 'welcome-submit' }, fresh ? 'Create my notebook' : 'Unlock')
  const form = h('form', { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'passphrase' }, fresh ? 'Choose a passphrase' : 'Passphrase'), input),
    submit, result)
  card.replaceChildren(
    h('h2', { id: 'welcome-heading' }, fresh ? 'Start your health notebook on this phone' : 'Unlock your health notebook'),
    h('p', { class: 'muted' }, fresh
      ? 'Your notebook is kept on this device, encrypted with a key only your passphrase (or your recovery phrase) opens.'
      : 'Your notebook is on this device, encrypted: your passphrase opens it.'),
    form)
  input.focus()
  return await new Promise(resolve => {
    form.addEventListener('submit', event => {
      event.preventDefault()
      submit.disabled = true
      result.textContent = fresh ? 'Creating your keys…' : 'Unlocking…'
      const done = fresh
        ? signUp(input.value).then(async ({ unlocked, phrase }) => { await showPhrase(card, phrase); return unlocked })
        : unlock(input.value)
      done.then(resolve, (err: unknown) => {
        result.textContent = err instanceof Error ? err.message : String(err)
        submit.disabled = false
      })
    })
  })
}

// A lost phone: the phrase brings back the patient's keys; this browser gets a new device key.
function restoreForm (resolve: (unlocked: Unlocked) => void): HTMLElement {
  const phrase = h('textarea', { id: 'restore-phrase', rows: 3, autocomplete: 'off', spellcheck: false, required: true })
  const passphrase = h('input', { id: 'restore-passphrase', type: 'password', autocomplete: 'new-password', required: true })
  const result = h('p', { id: 'restore-result', class: 'result', role: 'status', 'aria-live': 'polite' })
  const submit = h('button', { type: 'submit', id: 'restore-submit' }, 'Restore my notebook')
  const form = h('form', { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'restore-phrase' }, 'Recovery phrase'), phrase),
    h('div', { class: 'field' }, h('label', { for: 'restore-passphrase' }, 'Choose a passphrase for this phone'), passphrase),
    submit, result)
  form.addEventListener('submit', event => {
    event.preventDefault()
    submit.disabled = true
    result.textContent = 'Restoring your keys…'
    restore(phrase.value, passphrase.value).then(resolve, (err: unknown) => {
      result.textContent = err instanceof Error ? err.message : String(err)
      submit.disabled = false
    })
  })
  return h('details', { id: 'restore' }, h('summary', {}, 'Lost your phone? Restore from your recovery phrase'), form)
}

// The phrase is shown once: the patient confirms writing it down before the notebook opens.
async function showPhrase (card: HTMLElement, phrase: string): Promise<void> {
  const ok = h('button', { type: 'button', id: 'phrase-done' }, 'I have written it down')
  card.replaceChildren(
    h('h2', { id: 'welcome-heading' }, 'Your recovery phrase'),
    h('p', {}, 'Write these words down, in order, and keep them safe. They restore your notebook on a new phone; no one can recover them for you.'),
    h('ol', { id: 'phrase', class: 'phrase' }, ...phrase.split(' ').map(word => h('li', {}, word))),
    ok)
  ok.focus()
  await new Promise<void>(resolve => { ok.addEventListener('click', () => { resolve() }, { once: true }) })
}
