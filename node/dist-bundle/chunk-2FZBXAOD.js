import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";

// node/dist/access/local-consent.js
import { Ledger } from "@techo/ledger";
var OWN_DEVICE_ROLE = { patient: "phone", clinic: "relay" };
function localConsent(s, config) {
  const ledger = new Ledger(config);
  const seed = () => {
    if (s.keystore.masterSeed === void 0) {
      throw new CliError("This device does not hold its party's master key, so it cannot sign consent.", "ERR_NOT_AUTHORISED", EXIT.refused);
    }
    return s.keystore.masterSeed;
  };
  const { party, role, peerId } = s.self;
  const register = async () => {
    const done = [];
    const existing = await ledger.party(party);
    if (existing !== void 0 && existing.kind !== role) {
      throw new CliError(`This key is registered on chain as a ${existing.kind}, not a ${role}.`, "ERR_REFUSED", EXIT.refused);
    }
    if (existing === void 0) {
      const r = await ledger.registerParty(seed(), role);
      done.push({ tx: r.txHash, said: `Registered ${role} ${party} on chain.` });
    }
    const device = await ledger.device(peerId);
    if (device?.active !== true) {
      const r = await ledger.approveDevice(seed(), peerId, OWN_DEVICE_ROLE[role]);
      done.push({ tx: r.txHash, said: `Approved this device ${peerId} as ${OWN_DEVICE_ROLE[role]}.` });
    }
    return done;
  };
  const notebookId = () => s.ownNotebook().id;
  return {
    whoami: async () => ({ party, role, peerId, ...s.notebook === void 0 ? {} : { notebook: s.notebook.id } }),
    registerClinic: async (name) => {
      if (role !== "clinic")
        throw new CliError("This data directory belongs to a patient; create a clinic with `techo init --party clinic`.", "ERR_NOT_CLINIC", EXIT.badInput);
      const done = await register();
      await s.vault.consent.put("self/profile", { name });
      return done;
    },
    approveDevice: async (device, deviceRole) => {
      await register();
      const r = await ledger.approveDevice(seed(), device, deviceRole);
      await s.vault.audit.append(s.event("approve", `approved device ${device} as ${deviceRole} (tx ${r.txHash})`));
      return { tx: r.txHash, said: `Approved device ${device} as ${deviceRole}.` };
    },
    revokeDevice: async (device) => {
      const r = await ledger.revokeDevice(seed(), device);
      await s.vault.audit.append(s.event("revoke-device", `revoked device ${device} (tx ${r.txHash})`));
      return { tx: r.txHash, said: `Revoked device ${device}; it is refused from the next block.` };
    },
    grant: async (clinic, scope, until) => {
      const clinicRecord = await ledger.party(clinic);
      if (clinicRecord?.kind !== "clinic") {
        throw new CliError(`${clinic} is not a clinic registered on this chain; check the id (the clinic's QR code or \`techo clinic register\` output shows it).`, "ERR_NOT_REGISTERED", EXIT.refused);
      }
      await register();
      const r = await ledger.grant(seed(), { clinic, notebook: notebookId(), scope, until });
      s.ownNotebook().recordConsent({ clinic, scope, expires: new Date(until).toISOString(), status: "active", tx: r.txHash });
      await s.commit([s.event("grant", `granted ${scope} access to clinic ${clinic} until ${new Date(until).toISOString()} (tx ${r.txHash})`)]);
      return { tx: r.txHash, said: `Granted ${clinic} ${scope} access to your notebook until ${new Date(until).toISOString()}.` };
    },
    revoke: async (clinic) => {
      const current = await ledger.grant(notebookId(), clinic);
      if (current === void 0 || current.revoked) {
        throw new CliError(`Clinic ${clinic} holds no grant on your notebook, so there is nothing to revoke.`, "ERR_NO_GRANT", EXIT.refused);
      }
      const r = await ledger.revoke(seed(), { clinic, notebook: notebookId() });
      s.ownNotebook().recordConsent({ clinic, scope: current.scope, expires: new Date(current.until).toISOString(), status: "revoked", tx: r.txHash });
      await s.commit([s.event("revoke", `revoked the grant of clinic ${clinic} (tx ${r.txHash})`)]);
      return { tx: r.txHash, said: `Revoked clinic ${clinic}'s access from the next block.` };
    },
    grants: async () => role === "patient" ? (await ledger.grants(notebookId())).map((g) => ({ ...g, notebook: notebookId() })) : (await ledger.grantsForClinic(party)).map((g) => ({ ...g, clinic: party })),
    history: async () => await ledger.history(party)
  };
}

export {
  localConsent
};
