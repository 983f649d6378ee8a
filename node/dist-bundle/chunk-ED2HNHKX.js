import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";
import {
  deviceKeyFromBytes,
  fromBase58,
  masterKeyFromPhrase,
  unwrapKey,
  wrapKey,
  wrappingKeyPair,
  wrappingPublicKeyFor
} from "./chunk-3MQLA4Z2.js";

// node/dist/session/recovery-slot.js
var PARTIES = ["patient", "clinic"];
var VAULT_KEY_BYTES = 32;
function sealRecovery(keystore) {
  const secret = new Uint8Array(1 + VAULT_KEY_BYTES + keystore.device.length);
  secret[0] = PARTIES.indexOf(keystore.party);
  secret.set(keystore.vaultKey, 1);
  secret.set(keystore.device, 1 + VAULT_KEY_BYTES);
  return wrapKey(wrappingPublicKeyFor(fromBase58(keystore.masterId)), secret);
}
function openRecovery(phrase, recovery) {
  const master = masterKeyFromPhrase(phrase);
  let secret;
  try {
    secret = unwrapKey(wrappingKeyPair(master.seed).secretKey, recovery);
  } catch {
    throw new CliError("That recovery phrase is valid but belongs to another identity than the one in this data directory.", "ERR_WRONG_PHRASE", EXIT.badInput);
  }
  const party = PARTIES[secret[0] ?? -1];
  const device = secret.slice(1 + VAULT_KEY_BYTES);
  if (party === void 0)
    throw new CliError("The recovery slot of this vault is damaged.", "ERR_DAMAGED_VAULT", EXIT.badInput);
  deviceKeyFromBytes(device);
  return {
    version: 1,
    party,
    masterSeed: master.seed,
    masterId: master.id,
    device,
    vaultKey: secret.slice(1, 1 + VAULT_KEY_BYTES),
    createdAt: (/* @__PURE__ */ new Date()).toISOString()
  };
}

export {
  sealRecovery,
  openRecovery
};
