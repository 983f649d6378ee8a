import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ensureNotebook
} from "./chunk-BLO4A5VM.js";
import "./chunk-AFUFG3L7.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  ensureNotebook
};
