import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  callDaemon,
  streamDaemon
} from "./chunk-POCGKLR5.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-BFYGY7X2.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  callDaemon,
  streamDaemon
};
