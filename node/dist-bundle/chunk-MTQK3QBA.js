import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  getJson
} from "./chunk-BFYGY7X2.js";

// node/dist/daemon/daemon-file.js
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// node/dist/cli/lazy-debug.js
import { createRequire } from "node:module";
function lazyDebug(namespace) {
  let log2;
  return (formatter, ...args) => {
    if (process.env.DEBUG === void 0 || process.env.DEBUG === "")
      return;
    log2 ??= createRequire(import.meta.url)("debug")(namespace);
    log2(formatter, ...args);
  };
}

// node/dist/daemon/daemon-file.js
var log = lazyDebug("techo:daemon");
var FILE = "daemon.json";
var PROBE_TIMEOUT_MS = 2e3;
var LOCAL_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;
function daemonFilePath(dataDir) {
  return join(dataDir, FILE);
}
function writeDaemonFile(dataDir, info) {
  const partial = join(dataDir, `${FILE}.${process.pid}.partial`);
  writeFileSync(partial, JSON.stringify(info, null, 2) + "\n", { mode: 384, flag: "w" });
  renameSync(partial, daemonFilePath(dataDir));
}
function removeDaemonFile(dataDir, token) {
  if (readDaemonFile(dataDir)?.token === token)
    rmSync(daemonFilePath(dataDir), { force: true });
}
function readDaemonFile(dataDir) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(daemonFilePath(dataDir), "utf8"));
  } catch (err) {
    if (err.code !== "ENOENT")
      log("ignoring unreadable %s: %s", FILE, err.message);
    return void 0;
  }
  const { url, token, pid, peerId } = parsed;
  if (typeof url !== "string" || !LOCAL_URL.test(url) || typeof token !== "string" || token === "" || typeof pid !== "number" || !Number.isSafeInteger(pid) || pid < 1 || typeof peerId !== "string") {
    log("ignoring %s: not a daemon file of this version", FILE);
    return void 0;
  }
  return { url, token, pid, peerId };
}
async function findLiveDaemon(dataDir) {
  const info = readDaemonFile(dataDir);
  if (info === void 0)
    return void 0;
  if (!processExists(info.pid)) {
    log("stale %s: process %d is gone", FILE, info.pid);
    return void 0;
  }
  try {
    const res = await getJson(`${info.url}/api/status`, info.token, PROBE_TIMEOUT_MS);
    if (res.status === 200 && res.json?.peerId === info.peerId)
      return info;
    log("stale %s: %s answered %d for another daemon", FILE, info.url, res.status);
  } catch (err) {
    log("stale %s: %s does not answer (%s)", FILE, info.url, err.message);
  }
  return void 0;
}
function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

export {
  daemonFilePath,
  writeDaemonFile,
  removeDaemonFile,
  readDaemonFile,
  findLiveDaemon
};
