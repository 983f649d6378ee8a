import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  callDaemon
} from "./chunk-POCGKLR5.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-BFYGY7X2.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";

// node/dist/access/remote-consent.js
function remoteConsent(daemon) {
  const post = async (path, body) => await callDaemon(daemon, "POST", `/api/consent/${path}`, body);
  return {
    whoami: async () => await callDaemon(daemon, "GET", "/api/whoami"),
    registerClinic: async (name) => await post("register", { name }),
    approveDevice: async (peerId, role) => await post("approve-device", { peerId, role }),
    revokeDevice: async (peerId) => await post("revoke-device", { peerId }),
    grant: async (clinic, scope, until) => await post("grant", { clinic, scope, until }),
    revoke: async (clinic) => await post("revoke", { clinic }),
    grants: async () => await callDaemon(daemon, "GET", "/api/consent/grants"),
    history: async () => await callDaemon(daemon, "GET", "/api/consent/history")
  };
}
export {
  remoteConsent
};
