import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  Notebook
} from "./chunk-AFUFG3L7.js";
import {
  notebookIdFor
} from "./chunk-3MQLA4Z2.js";

// node/dist/session/genesis.js
import { hkdfSync } from "node:crypto";
function notebookSalt(masterSeed) {
  return new Uint8Array(hkdfSync("sha256", masterSeed, new Uint8Array(0), "techo/notebook-salt/v1", 32));
}
async function ensureNotebook(vault, keystore, self) {
  const id = notebookIdFor(keystore.masterId);
  const doc = await vault.notebooks.load(id, { actor: self.actor });
  if (doc !== void 0)
    return Notebook.fromDoc(doc, { actor: self.actor, party: self.party });
  if (keystore.party !== "patient" || keystore.masterSeed === void 0)
    return void 0;
  const nb = Notebook.create({ patientId: keystore.masterId, salt: notebookSalt(keystore.masterSeed), actor: self.actor, party: self.party });
  await vault.notebooks.save(nb.id, nb.doc, {
    audit: [{ at: (/* @__PURE__ */ new Date()).toISOString(), kind: "create", peer: self.peerId, party: self.party, notebook: nb.id, detail: "notebook started on this device" }]
  });
  return nb;
}

export {
  ensureNotebook
};
