import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";

// node/dist/daemon/roles.js
var SERVE_ROLES = ["patient", "practitioner", "clinic", "relay"];
function serveRoleFor(self, holdsMasterKey, requested) {
  const fitting = self.role === "patient" ? ["patient"] : holdsMasterKey ? ["relay", "clinic", "practitioner"] : ["practitioner", "relay", "clinic"];
  const role = requested ?? fitting[0];
  if (!fitting.includes(role)) {
    throw new CliError(`This data directory holds a ${self.role} identity, which cannot serve as ${role}; use --role ${fitting.join(" or --role ")}.`, "ERR_BAD_ROLE", EXIT.badInput);
  }
  return role;
}

export {
  SERVE_ROLES,
  serveRoleFor
};
