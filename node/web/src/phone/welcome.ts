// The card a locked notebook shows: sign up (a passphrase, then the recovery phrase to write down)
// in a browser that holds no notebook yet, or unlock with the passphrase in one that does.
import { byId, h } from '../dom.js'
import { hasIdentity, signUp, unlock, type Unlocked } from './identity.js'

/** Shows the card and resolves once the patient has signed up (and seen the phrase) or unlocked. */
export async function welcome (): Promise<Unlocked> {
  const card = h('section', { class: 'card span-2', id: 'welcome', 'aria-labelledby': 'welcome-heading' })
  byId('main').prepend(card)
  const fresh = !await hasIdentity()
  const unlocked = await passphraseForm(card, fresh)
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
