import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CliError,
  EXIT
} from "./chunk-A4G4HQPA.js";

// node/dist/cli/config.js
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
function dataDirFrom(flag) {
  return resolve(flag ?? process.env.TECHO_DATA ?? join(homedir(), ".techo"));
}
function readConfigFile(dataDir) {
  const path = join(dataDir, "config.json");
  if (!existsSync(path))
    return {};
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Error("not a JSON object");
    return parsed;
  } catch (err) {
    throw new CliError(`${path} is not valid configuration (${err.message}); fix or remove it.`, "ERR_BAD_CONFIG", EXIT.badInput);
  }
}
function setting(name, flag, dataDir, fallback) {
  if (flag !== void 0)
    return flag;
  const envName = "TECHO_" + name.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
  const fromEnv = process.env[envName];
  if (fromEnv !== void 0 && fromEnv !== "")
    return fromEnv;
  const fromFile = readConfigFile(dataDir)[name];
  if (typeof fromFile === "string")
    return fromFile;
  return fallback;
}

// node/dist/cli/passphrase.js
import { readFileSync as readFileSync2 } from "node:fs";

// node/dist/cli/prompt.js
async function readHidden(prompt) {
  const { stdin, stderr } = process;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return await new Promise((resolve2, reject) => {
    let line = "";
    const onData = (chunk) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n")
          return finish();
        if (ch === "") {
          cleanup();
          reject(Object.assign(new Error("Cancelled."), { code: "ERR_CANCELLED" }));
          return;
        }
        if (ch === "\x7F" || ch === "\b")
          line = line.slice(0, -1);
        else
          line += ch;
      }
    };
    const cleanup = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
    };
    const finish = () => {
      cleanup();
      resolve2(line);
    };
    stdin.on("data", onData);
  });
}

// node/dist/cli/passphrase.js
function promptsForPassphrase(source) {
  return source.passphraseFile === void 0 && (process.env.TECHO_PASSPHRASE ?? "") === "";
}
async function readPassphrase(source, opts = {}) {
  if (source.passphraseFile !== void 0) {
    let text;
    try {
      text = readFileSync2(source.passphraseFile, "utf8");
    } catch (err) {
      throw new CliError(`Cannot read the passphrase file ${source.passphraseFile}: ${err.message}.`, "ERR_BAD_PASSPHRASE_FILE", EXIT.badInput);
    }
    return text.replace(/\r?\n$/, "");
  }
  const fromEnv = process.env.TECHO_PASSPHRASE;
  if (fromEnv !== void 0 && fromEnv !== "")
    return fromEnv;
  if (process.stdin.isTTY !== true) {
    throw new CliError("No passphrase given: use --passphrase-file FILE or TECHO_PASSPHRASE, or run in a terminal to be asked.");
  }
  const first = await readHidden(opts.prompt ?? "Passphrase: ");
  if (opts.confirm === true) {
    const second = await readHidden("Repeat passphrase: ");
    if (first !== second)
      throw new CliError("The two passphrases differ; nothing was created.", "ERR_BAD_PASSPHRASE", EXIT.badInput);
  }
  return first;
}

export {
  dataDirFrom,
  setting,
  readHidden,
  promptsForPassphrase,
  readPassphrase
};
