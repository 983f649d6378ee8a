import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  LocalSession
} from "./chunk-2XDWOKHS.js";
import "./chunk-KDTJSCO5.js";
import {
  chainLocation
} from "./chunk-BOYZL5F7.js";
import "./chunk-DHR2SADW.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-S5IR5BKL.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";

// node/dist/access/local-open.js
async function openLocalAccess(opts, dataDir, check) {
  const session = await LocalSession.open(opts, check);
  const { nodeAccess, vaultReplicas } = await import("./clinic-notebook-5ZSQTJWW.js");
  try {
    return nodeAccess(session, opts.patient, () => vaultReplicas(session, chainLocation({}, dataDir)), async () => await session.close());
  } catch (err) {
    await session.close();
    throw err;
  }
}
export {
  openLocalAccess
};
