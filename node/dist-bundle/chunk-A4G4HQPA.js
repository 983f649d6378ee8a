import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CodedError,
  errorCode
} from "./chunk-ZQH54YKG.js";

// node/dist/cli/exit.js
var EXIT = { ok: 0, badInput: 1, usage: 2, refused: 3, internal: 4 };
var CliError = class extends CodedError {
  name = "CliError";
  exit;
  constructor(message, code = "ERR_USAGE", exit = EXIT.usage) {
    super(code, message);
    this.exit = exit;
  }
};
var REFUSED = /* @__PURE__ */ new Set([
  "ERR_NOT_AUTHORISED",
  "ERR_STALE_NONCE",
  "ERR_EXPIRED",
  "ERR_BAD_SIGNATURE",
  "ERR_NOT_REGISTERED",
  "ERR_CHAIN_REFUSED",
  "ERR_CHAIN_UNREACHABLE",
  "ERR_TIMEOUT",
  "ERR_REFUSED",
  "ERR_VAULT_LOCKED",
  "ERR_PAYLOAD_TOO_LARGE",
  "ERR_PEER_REFUSED",
  "ERR_NO_GRANT",
  "ERR_ACCESS_REVOKED",
  "ERR_READ_ONLY",
  "ERR_NOT_RECEIVED",
  "ERR_SYNC_FAILED",
  "ERR_CHAIN_WAITING",
  "ERR_PEER_UNREACHABLE"
]);
var USAGE = /* @__PURE__ */ new Set(["ERR_USAGE", "ERR_PATIENT_NEEDED"]);
function exitCodeFor(err) {
  if (err instanceof CliError)
    return err.exit;
  const code = errorCode(err);
  if (code === void 0)
    return EXIT.internal;
  if (USAGE.has(code))
    return EXIT.usage;
  return REFUSED.has(code) ? EXIT.refused : EXIT.badInput;
}
function describeError(err) {
  const message = err instanceof Error ? err.message : String(err);
  if (errorCode(err) !== void 0 || err instanceof CliError)
    return message;
  return `Internal error: ${message} (run again with DEBUG=techo:* for details, and please report it).`;
}

export {
  EXIT,
  CliError,
  exitCodeFor,
  describeError
};
