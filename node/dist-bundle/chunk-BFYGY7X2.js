import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// node/dist/cli/local-http.js
import { request } from "node:http";
async function localRequest(url, req) {
  const body = req.body === void 0 ? void 0 : Buffer.from(JSON.stringify(req.body));
  return await new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: req.method,
      headers: {
        authorization: `Bearer ${req.token}`,
        ...body === void 0 ? {} : { "content-type": "application/json", "content-length": body.length }
      },
      ...req.timeoutMs === void 0 ? {} : { timeout: req.timeoutMs }
    }, resolve);
    outgoing.on("timeout", () => {
      outgoing.destroy(new Error(`no answer within ${req.timeoutMs ?? 0} ms`));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
async function readText(res) {
  const chunks = [];
  for await (const chunk of res)
    chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
async function getJson(url, token, timeoutMs) {
  const res = await localRequest(url, { method: "GET", token, timeoutMs });
  const text = await readText(res);
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = void 0;
  }
  return { status: res.statusCode ?? 0, json };
}

export {
  localRequest,
  readText,
  getJson
};
