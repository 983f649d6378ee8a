import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  LocalSession,
  withSession
} from "./chunk-2XDWOKHS.js";
import "./chunk-KDTJSCO5.js";
import "./chunk-DHR2SADW.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-S5IR5BKL.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  LocalSession,
  withSession
};
