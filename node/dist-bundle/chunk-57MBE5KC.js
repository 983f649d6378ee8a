import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  describeEntry
} from "./chunk-66MZSDBQ.js";
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";
import {
  Notebook,
  VITALS,
  exportFhirBundle,
  importFhirBundle,
  parseVital
} from "./chunk-AFUFG3L7.js";
import {
  isPartyId,
  notebookIdFor
} from "./chunk-3MQLA4Z2.js";

// node/dist/access/clinic-notebook.js
import * as Automerge from "@automerge/automerge";

// node/dist/access/local-notebook.js
function notebookAccess(nb, host) {
  const write = async (make) => {
    await host.mayWrite();
    const entry = make();
    await host.commit([host.event("write", `added ${describeEntry(entry, VITALS)}`)]);
    return entry;
  };
  const adders = {
    allergy: (input) => nb.addAllergy(input),
    medication: (input) => nb.addMedication(input),
    condition: (input) => nb.addCondition(input),
    note: (input) => nb.addNote(input)
  };
  return {
    whoami: async () => host.whoami,
    vitalKinds: async () => VITALS,
    addVital: async (input) => {
      const reading = "text" in input ? parseVital(input.kind, input.text, input.at) : input;
      return await write(() => nb.addVital(reading));
    },
    addEntry: async (kind, input) => await write(() => adders[kind](input)),
    query: async (q) => nb.query(q),
    exportFhir: async () => exportFhirBundle(nb),
    importFhir: async (bundle) => {
      await host.mayWrite();
      const report = importFhirBundle(nb, bundle);
      const added = Object.values(report.added).reduce((a, b) => a + b, 0);
      await host.commit([host.event("import", `imported a FHIR bundle: ${added} entries added, ${report.existing} already present`)]);
      return report;
    },
    audit: host.audit,
    close: host.close
  };
}
function localAccess(s, close = async () => await s.close()) {
  const nb = s.ownNotebook();
  return notebookAccess(nb, {
    whoami: { party: s.self.party, role: s.self.role, peerId: s.self.peerId, notebook: nb.id },
    mayWrite: async () => {
    },
    commit: async (events) => await s.commit(events),
    event: (kind, detail) => s.event(kind, detail),
    audit: async (q) => await s.vault.audit.list(q),
    close
  });
}

// node/dist/access/clinic-notebook.js
function nodeAccess(s, patient, replicas, close) {
  if (s.self.role === "clinic")
    return clinicAccess(s, replicas(), patient, close);
  if (patient !== void 0 && patient !== s.self.party) {
    throw new CliError("This is a patient node: it holds only its own notebook; --patient picks a patient's replica on a clinic node.", "ERR_NOT_CLINIC", EXIT.badInput);
  }
  return localAccess(s, close);
}
function clinicAccess(s, source, patient, close) {
  const { party, peerId } = s.self;
  if (patient === void 0) {
    const choose = async () => {
      throw patientNeeded(await source.list());
    };
    return {
      whoami: async () => ({ party, role: "clinic", peerId }),
      vitalKinds: async () => VITALS,
      addVital: choose,
      addEntry: choose,
      query: choose,
      exportFhir: choose,
      importFhir: choose,
      audit: async (q) => await s.vault.audit.list(q),
      close
    };
  }
  if (!isPartyId(patient))
    throw new CliError(`--patient ${JSON.stringify(patient)} is not a patient id (a base58 key of 43 or 44 characters).`, "ERR_BAD_PATIENT", EXIT.badInput);
  const id = notebookIdFor(patient);
  const whoami = { party, role: "clinic", peerId, notebook: id, patient };
  const audit = async (q) => await s.vault.audit.list({ ...q, notebook: id });
  const replica = async () => {
    const found = await source.find(patient);
    if ("missing" in found)
      throw missingReplica(patient, found.missing);
    const nb = found.held;
    return notebookAccess(nb, {
      whoami,
      mayWrite: async () => await source.mayWrite(patient),
      commit: async (events) => {
        try {
          await s.vault.notebooks.save(id, nb.doc, { audit: events });
        } catch (err) {
          throw err.code === "ERR_SHREDDED" ? missingReplica(patient, "shredded") : err;
        }
      },
      event: (kind, detail) => s.event(kind, detail, id),
      audit,
      close
    });
  };
  return {
    whoami: async () => whoami,
    vitalKinds: async () => VITALS,
    addVital: async (input) => await (await replica()).addVital(input),
    addEntry: async (kind, input) => await (await replica()).addEntry(kind, input),
    query: async (q) => await (await replica()).query(q),
    exportFhir: async () => await (await replica()).exportFhir(),
    importFhir: async (bundle) => await (await replica()).importFhir(bundle),
    audit,
    close
  };
}
function vaultReplicas(s, chain) {
  const open = async (patient) => {
    let doc;
    try {
      doc = await s.vault.notebooks.load(notebookIdFor(patient), { actor: s.self.actor });
    } catch (err) {
      if (err.code === "ERR_SHREDDED")
        return { missing: "shredded" };
      throw err;
    }
    if (doc === void 0 || Automerge.getHeads(doc).length === 0)
      return { missing: "not-here" };
    return { held: Notebook.fromDoc(doc, { actor: s.self.actor, party: s.self.party }) };
  };
  return {
    find: open,
    list: async () => {
      const held = [];
      for (const id of await s.vault.notebooks.list()) {
        const doc = await s.vault.notebooks.load(id, { actor: s.self.actor });
        if (doc !== void 0 && Automerge.getHeads(doc).length > 0)
          held.push({ patient: Notebook.fromDoc(doc, { actor: s.self.actor, party: s.self.party }).patientId, received: true });
      }
      return held;
    },
    mayWrite: async (patient) => {
      const { LedgerReader } = await import("@techo/ledger");
      checkWriteGrant(patient, await new LedgerReader(chain).grant(notebookIdFor(patient), s.self.party));
    }
  };
}
function checkWriteGrant(patient, grant) {
  if (grant === void 0)
    throw missingReplica(patient, "no-grant");
  if (!grant.active)
    throw missingReplica(patient, grant.revoked ? "revoked" : "expired");
  if (grant.scope !== "write") {
    throw new CliError(`Patient ${patient} granted this clinic read access only, so it cannot add to their notebook.`, "ERR_READ_ONLY", EXIT.refused);
  }
}
function missingReplica(patient, why) {
  const gone = "this node destroyed its copy of their notebook, so there is nothing to show";
  switch (why) {
    case "no-grant":
      return new CliError(`Patient ${patient} has not granted this clinic access, so this node holds no copy of their notebook.`, "ERR_NO_GRANT", EXIT.refused);
    case "not-received":
      return new CliError(`Patient ${patient} granted this clinic access, but their notebook has not reached this node yet; it arrives when the patient's device or the clinic relay is online (\`techo sync\` tries now).`, "ERR_NOT_RECEIVED", EXIT.refused);
    case "not-here":
      return new CliError(`This node holds no copy of patient ${patient}'s notebook: the patient has not granted this clinic access, or it has not arrived yet (\`techo serve\` syncs it).`, "ERR_NOT_RECEIVED", EXIT.refused);
    case "revoked":
      return new CliError(`Patient ${patient} revoked this clinic's access: ${gone}.`, "ERR_ACCESS_REVOKED", EXIT.refused);
    case "expired":
      return new CliError(`This clinic's access to patient ${patient}'s notebook expired: ${gone}.`, "ERR_ACCESS_REVOKED", EXIT.refused);
    case "shredded":
      return new CliError(`This clinic's access to patient ${patient}'s notebook was revoked or expired: ${gone}.`, "ERR_ACCESS_REVOKED", EXIT.refused);
  }
}
function patientNeeded(held) {
  if (held.length === 0) {
    return new CliError("This is a clinic node and it holds no patient's notebook yet; once a patient grants this clinic access, pass --patient <patient id>.", "ERR_PATIENT_NEEDED", EXIT.usage);
  }
  const names = held.map((h) => h.received ? h.patient : `${h.patient} (not received yet)`).join(", ");
  const count = held.length === 1 ? "one patient" : `${held.length} patients`;
  return new CliError(`This clinic node holds the notebooks of ${count}: ${names}; pass --patient <patient id> to choose one.`, "ERR_PATIENT_NEEDED", EXIT.usage);
}

export {
  nodeAccess,
  clinicAccess,
  vaultReplicas,
  checkWriteGrant,
  missingReplica
};
