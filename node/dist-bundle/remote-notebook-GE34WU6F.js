import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  callDaemon
} from "./chunk-POCGKLR5.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-BFYGY7X2.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";

// node/dist/access/remote-notebook.js
function remoteAccess(daemon, patient) {
  const call = async (method, path, query, body) => await callDaemon(daemon, method, path + search({ ...query, patient }), body);
  return {
    whoami: async () => await call("GET", "/api/whoami", {}),
    vitalKinds: async () => await callDaemon(daemon, "GET", "/api/vital-kinds"),
    addVital: async (input) => await call("POST", "/api/vitals", {}, input),
    addEntry: async (kind, input) => await call("POST", `/api/entries/${kind}`, {}, input),
    query: async (q) => await call("GET", "/api/entries", q),
    exportFhir: async () => await call("GET", "/api/fhir", {}),
    importFhir: async (bundle) => await call("POST", "/api/fhir", {}, bundle),
    audit: async (q) => await call("GET", "/api/audit", q),
    close: async () => {
    }
  };
}
function search(q) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q))
    if (value !== void 0)
      params.set(name, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
export {
  remoteAccess
};
