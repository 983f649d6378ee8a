import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  sealRecovery
} from "./chunk-ED2HNHKX.js";
import {
  selfOf
} from "./chunk-KDTJSCO5.js";
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";
import {
  openVault
} from "./chunk-S5IR5BKL.js";
import {
  ensureNotebook
} from "./chunk-BLO4A5VM.js";
import "./chunk-AFUFG3L7.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";

// node/dist/session/create-identity.js
async function createIdentity(dataDir, keystore, sealed) {
  const vault = await openVault(dataDir);
  try {
    if (await vault.getSealedKeystore() !== void 0) {
      throw new CliError(`${dataDir} already holds a techo identity; use another --data directory, or \`techo recover\` to reset its passphrase.`, "ERR_EXISTS", EXIT.badInput);
    }
    await vault.putSealedKeystore(sealed, sealRecovery(keystore));
    await vault.unlock(keystore.vaultKey);
    const self = selfOf(keystore);
    const notebook = await ensureNotebook(vault, keystore, self);
    return { ...self, ...notebook === void 0 ? {} : { notebook: notebook.id } };
  } finally {
    await vault.close();
  }
}
export {
  createIdentity
};
