import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CliError,
  EXIT,
  exitCodeFor
} from "./chunk-A4G4HQPA.js";
import {
  localRequest,
  readText
} from "./chunk-BFYGY7X2.js";

// node/dist/access/daemon-client.js
async function callDaemon(daemon, method, path, body) {
  const hint = method === "POST" ? "; check with `techo show` whether the change was stored" : "";
  return await answer(daemon, await send(daemon, method, path, body, hint));
}
async function streamDaemon(daemon, path, body, onLine) {
  const res = await send(daemon, "POST", path, body, "");
  if (res.statusCode !== 200 || !(res.headers["content-type"] ?? "").startsWith("application/x-ndjson"))
    return await answer(daemon, res);
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of res) {
    buffered += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffered.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if ("error" in line)
        throw rebuild(daemon, line);
      if ("result" in line)
        return line.result;
      onLine(line);
    }
  }
  throw new CliError(`The techo daemon at ${daemon.url} stopped answering before the end (was it stopped?).`, "ERR_DAEMON_UNREACHABLE", EXIT.refused);
}
async function send(daemon, method, path, body, hint) {
  try {
    return await localRequest(daemon.url + path, { method, token: daemon.token, ...body === void 0 ? {} : { body } });
  } catch (err) {
    throw new CliError(`The techo daemon at ${daemon.url} did not answer (${err.message})${hint}.`, "ERR_DAEMON_UNREACHABLE", EXIT.refused);
  }
}
async function answer(daemon, res) {
  const text = await readText(res);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`The techo daemon at ${daemon.url} answered ${res.statusCode ?? 0} with something that is not JSON.`, "ERR_INTERNAL", EXIT.internal);
  }
  if (res.statusCode !== void 0 && res.statusCode >= 200 && res.statusCode < 300)
    return parsed;
  throw rebuild(daemon, parsed);
}
function rebuild(daemon, body) {
  const error = body?.error;
  const code = typeof error?.code === "string" ? error.code : "ERR_INTERNAL";
  const message = typeof error?.message === "string" ? error.message : "no message";
  if (code === "ERR_INTERNAL") {
    return new CliError(`Internal error in the techo daemon at ${daemon.url}: ${message} (run \`techo serve\` with DEBUG=techo:* for details, and please report it).`, code, EXIT.internal);
  }
  return new CliError(message, code, exitCodeFor({ code }));
}

export {
  callDaemon,
  streamDaemon
};
