// A local session: this node's vault opened and unlocked, its keystore and its notebook.
// Commands work on a session and commit once, so one command is one atomic write.
import { openKeystore, type Keystore } from '@techo/identity'
import { type Notebook } from '@techo/notebook'
import { openVault, type AuditEvent, type Vault } from '@techo/vault'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'
import { promptsForPassphrase, readPassphrase } from '../cli/passphrase.js'
import { selfOf, type Self } from './self.js'

export class LocalSession {
  readonly dataDir: string
  readonly vault: Vault
  readonly keystore: Keystore
  readonly self: Self
  /** The patient's own notebook; a clinic node has none of its own. */
  readonly notebook: Notebook | undefined

  constructor (dataDir: string, vault: Vault, keystore: Keystore, notebook: Notebook | undefined) {
    this.dataDir = dataDir
    this.vault = vault
    this.keystore = keystore
    this.self = selfOf(keystore)
    this.notebook = notebook
  }

  /**
   * Opens the initialised data directory, asking for the passphrase; throws a clear error if it is
   * not initialised. `check` (the command's own input check) runs before a prompt, so a typo costs
   * no typing, or beside the key derivation when the passphrase comes from a file or the environment.
   */
  static async open (opts: GlobalOptions, check: () => Promise<void> = async () => {}): Promise<LocalSession> {
    const dataDir = dataDirFrom(opts.data)
    // A command that only reads must not leave an empty database behind in a folder without one.
    const vault = await openVault(dataDir, { create: false }).catch(err => {
      throw (err as { code?: unknown }).code === 'ERR_NO_VAULT' ? notInitialised(dataDir) : err
    })
    try {
      const sealed = await vault.getSealedKeystore()
      if (sealed === undefined) throw notInitialised(dataDir)
      if (promptsForPassphrase(opts)) await check()
      // The key derivation runs on libuv's thread pool for most of a second: the notebook's code
      // (Automerge's WebAssembly included) loads on this thread meanwhile, and the check runs.
      const derived = openKeystore(sealed, await readPassphrase(opts))
      const [keystore, { ensureNotebook }] = await Promise.all([derived, import('./genesis.js'), promptsForPassphrase(opts) ? undefined : check()])
      await vault.unlock(keystore.vaultKey)
      const self = selfOf(keystore)
      return new LocalSession(dataDir, vault, keystore, await ensureNotebook(vault, keystore, self))
    } catch (err) {
      await vault.close()
      throw err
    }
  }

  /** Opens the data directory with a keystore already in hand (just created or recovered), asking nothing. */
  static async unlocked (dataDir: string, keystore: Keystore): Promise<LocalSession> {
    const vault = await openVault(dataDir, { create: false })
    try {
      await vault.unlock(keystore.vaultKey)
      const { ensureNotebook } = await import('./genesis.js')
      return new LocalSession(dataDir, vault, keystore, await ensureNotebook(vault, keystore, selfOf(keystore)))
    } catch (err) {
      await vault.close()
      throw err
    }
  }

  /** The patient's notebook; a clear error on a clinic node, which has none of its own. */
  ownNotebook (): Notebook {
    if (this.notebook === undefined) {
      throw new CliError('This is a clinic node: it holds no notebook of its own, only the replicas patients granted it.', 'ERR_NO_NOTEBOOK', EXIT.badInput)
    }
    return this.notebook
  }

  /** Durably stores the notebook's new changes, with audit events, in one atomic write. */
  async commit (audit: AuditEvent[] = []): Promise<void> {
    const nb = this.ownNotebook()
    await this.vault.notebooks.save(nb.id, nb.doc, { audit })
  }

  /** An audit event stamped now, attributed to this device, about `notebook` (default: the patient's own). */
  event (kind: string, detail: string, notebook: string | undefined = this.notebook?.id): AuditEvent {
    return { at: new Date().toISOString(), kind, peer: this.self.peerId, party: this.self.party, ...(notebook === undefined ? {} : { notebook }), detail }
  }

  async close (): Promise<void> {
    await this.vault.close()
  }
}

/** Runs `work` on an open session and always closes it. */
export async function withSession<T> (opts: GlobalOptions, work: (s: LocalSession) => Promise<T>): Promise<T> {
  const session = await LocalSession.open(opts)
  try {
    return await work(session)
  } finally {
    await session.close()
  }
}

function notInitialised (dataDir: string): CliError {
  return new CliError(`No techo notebook in ${dataDir}: run \`techo init\` (or \`techo recover\`) first, or pass --data DIR.`, 'ERR_NOT_INITIALISED', EXIT.badInput)
}
