import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  checkWriteGrant,
  clinicAccess,
  missingReplica,
  nodeAccess,
  vaultReplicas
} from "./chunk-57MBE5KC.js";
import "./chunk-66MZSDBQ.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-AFUFG3L7.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  checkWriteGrant,
  clinicAccess,
  missingReplica,
  nodeAccess,
  vaultReplicas
};
