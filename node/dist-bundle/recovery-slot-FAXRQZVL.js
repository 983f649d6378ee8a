import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openRecovery,
  sealRecovery
} from "./chunk-ED2HNHKX.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  openRecovery,
  sealRecovery
};
