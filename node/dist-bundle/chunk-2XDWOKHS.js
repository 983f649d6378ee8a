import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  selfOf
} from "./chunk-KDTJSCO5.js";
import {
  dataDirFrom,
  promptsForPassphrase,
  readPassphrase
} from "./chunk-DHR2SADW.js";
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";
import {
  openVault
} from "./chunk-S5IR5BKL.js";
import {
  openKeystore
} from "./chunk-3MQLA4Z2.js";

// node/dist/session/session.js
var LocalSession = class _LocalSession {
  dataDir;
  vault;
  keystore;
  self;
  /** The patient's own notebook; a clinic node has none of its own. */
  notebook;
  constructor(dataDir, vault, keystore, notebook) {
    this.dataDir = dataDir;
    this.vault = vault;
    this.keystore = keystore;
    this.self = selfOf(keystore);
    this.notebook = notebook;
  }
  /**
   * Opens the initialised data directory, asking for the passphrase; throws a clear error if it is
   * not initialised. `check` (the command's own input check) runs before a prompt, so a typo costs
   * no typing, or beside the key derivation when the passphrase comes from a file or the environment.
   */
  static async open(opts, check = async () => {
  }) {
    const dataDir = dataDirFrom(opts.data);
    const vault = await openVault(dataDir, { create: false }).catch((err) => {
      throw err.code === "ERR_NO_VAULT" ? notInitialised(dataDir) : err;
    });
    try {
      const sealed = await vault.getSealedKeystore();
      if (sealed === void 0)
        throw notInitialised(dataDir);
      if (promptsForPassphrase(opts))
        await check();
      const derived = openKeystore(sealed, await readPassphrase(opts));
      const [keystore, { ensureNotebook }] = await Promise.all([derived, import("./genesis-HGWVSUIC.js"), promptsForPassphrase(opts) ? void 0 : check()]);
      await vault.unlock(keystore.vaultKey);
      const self = selfOf(keystore);
      return new _LocalSession(dataDir, vault, keystore, await ensureNotebook(vault, keystore, self));
    } catch (err) {
      await vault.close();
      throw err;
    }
  }
  /** The patient's notebook; a clear error on a clinic node, which has none of its own. */
  ownNotebook() {
    if (this.notebook === void 0) {
      throw new CliError("This is a clinic node: it holds no notebook of its own, only the replicas patients granted it.", "ERR_NO_NOTEBOOK", EXIT.badInput);
    }
    return this.notebook;
  }
  /** Durably stores the notebook's new changes, with audit events, in one atomic write. */
  async commit(audit = []) {
    const nb = this.ownNotebook();
    await this.vault.notebooks.save(nb.id, nb.doc, { audit });
  }
  /** An audit event stamped now, attributed to this device, about `notebook` (default: the patient's own). */
  event(kind, detail, notebook = this.notebook?.id) {
    return { at: (/* @__PURE__ */ new Date()).toISOString(), kind, peer: this.self.peerId, party: this.self.party, ...notebook === void 0 ? {} : { notebook }, detail };
  }
  async close() {
    await this.vault.close();
  }
};
async function withSession(opts, work) {
  const session = await LocalSession.open(opts);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
function notInitialised(dataDir) {
  return new CliError(`No techo notebook in ${dataDir}: run \`techo init\` (or \`techo recover\`) first, or pass --data DIR.`, "ERR_NOT_INITIALISED", EXIT.badInput);
}

export {
  LocalSession,
  withSession
};
