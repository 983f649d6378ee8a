import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  localConsent
} from "./chunk-2FZBXAOD.js";
import "./chunk-A4G4HQPA.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  localConsent
};
