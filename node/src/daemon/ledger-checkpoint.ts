// The ledger view's place on the chain, kept in the vault: a restarted daemon resumes from it
// instead of replaying every block since the consent contract was deployed (a dev chain makes two
// blocks a second, so that replay grows by the hour). A checkpoint from another chain or another
// deployment of the contract is never used.
import { LedgerReader, LedgerView, VIEW_CHECKPOINT_VERSION, type ViewCheckpoint } from '@techo/ledger'
import type { ChainLocation } from '../cli/chain-settings.js'
import { type Json, type Vault } from '@techo/vault'
import createDebug from 'debug'

const log = createDebug('techo:daemon')

const KEY = 'ledger/checkpoint'
/** At most one checkpoint write per this many ms while blocks arrive. */
const SAVE_EVERY_MS = 5000

interface Saved { url: string, checkpoint: ViewCheckpoint }

/** Starts a view of the contract at `location`, from this vault's checkpoint when it is for the same chain and contract; throws if the chain does not answer. */
export async function startView (vault: Vault, location: ChainLocation): Promise<LedgerView> {
  const contractId = await new LedgerReader(location).contractId()
  const saved = await vault.consent.get(KEY) as Saved | undefined
  const resume = saved?.url === location.url && saved.checkpoint.contractId === contractId && saved.checkpoint.version === VIEW_CHECKPOINT_VERSION ? saved.checkpoint : undefined
  log(resume === undefined ? 'following %s from the contract\'s deployment' : 'following %s from block %d', location.url, resume?.block)
  const view = new LedgerView({ ...location, ...(resume === undefined ? {} : { resume }) })
  await view.start()
  return view
}

/** Saves `view`'s checkpoint as blocks arrive (throttled); `flush` writes the last one. */
export function keepCheckpoint (view: LedgerView, vault: Vault, url: string): { flush: () => Promise<void> } {
  let writing: Promise<void> = Promise.resolve()
  let savedAt = 0
  // One write at a time, in order, so an older checkpoint never lands after a newer one.
  const save = async (): Promise<void> => {
    const value: Saved = { url, checkpoint: view.checkpoint() }
    writing = writing.then(async () => { await vault.consent.put(KEY, value as unknown as Json) }).catch(err => { log('saving the ledger checkpoint failed: %s', (err as Error).message) })
    await writing
  }
  view.on('block', () => {
    if (Date.now() - savedAt < SAVE_EVERY_MS) return
    savedAt = Date.now()
    void save()
  })
  return { flush: save }
}
