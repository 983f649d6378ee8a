// A local session: this node's vault opened and unlocked, its keystore and its notebook.
// Commands work on a session and commit once, so one command is one atomic write.
import { actorIdForPeerId, deviceKeyFromBytes, openKeystore, peerIdOf, type Keystore } from '@techo/identity'
import { type Notebook } from '@techo/notebook'
import { openVault, type AuditEvent, type Vault } from '@techo/vault'
import { existsSync } from 'node:fs'
import { dataDirFrom } from './config.js'
import { CliError, EXIT } from './exit.js'
import { ensureNotebook } from './genesis.js'
import { readPassphrase } from './passphrase.js'

/** Options every command accepts; `patient` picks a replica on a clinic node. */
export interface GlobalOptions { data?: string, passphraseFile?: string, patient?: string }

/** Who this node is, derived from its keystore. */
export interface Self {
  party: string
  role: Keystore['party']
  peerId: string
  actor: string
}

/** Describes the node a keystore belongs to. */
export function selfOf (keystore: Keystore): Self {
  const peerId = peerIdOf(deviceKeyFromBytes(keystore.device)).toString()
  return { party: keystore.masterId, role: keystore.party, peerId, actor: actorIdForPeerId(peerId) }
}

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

  /** Opens the initialised data directory, asking for the passphrase; throws a clear error if it is not initialised. */
  static async open (opts: GlobalOptions): Promise<LocalSession> {
    const dataDir = dataDirFrom(opts.data)
    if (!existsSync(dataDir)) throw notInitialised(dataDir)
    const vault = await openVault(dataDir)
    try {
      const sealed = await vault.getSealedKeystore()
      if (sealed === undefined) throw notInitialised(dataDir)
      const keystore = await openKeystore(sealed, await readPassphrase(opts))
      await vault.unlock(keystore.vaultKey)
      const self = selfOf(keystore)
      return new LocalSession(dataDir, vault, keystore, await ensureNotebook(vault, keystore, self))
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
