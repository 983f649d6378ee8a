import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  DEFAULT_COMPACTION,
  VaultError,
  openVault
} from "./chunk-S5IR5BKL.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  DEFAULT_COMPACTION,
  VaultError,
  openVault
};
