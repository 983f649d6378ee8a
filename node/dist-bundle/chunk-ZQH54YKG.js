import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// packages/errors/dist/coded-error.js
var CodedError = class extends Error {
  code;
  constructor(code, message, options) {
    super(message, options);
    this.code = code;
  }
};
function errorCode(err) {
  const code = err?.code;
  return typeof code === "string" && code.startsWith("ERR_") ? code : void 0;
}

export {
  CodedError,
  errorCode
};
