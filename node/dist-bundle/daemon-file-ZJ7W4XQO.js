import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  daemonFilePath,
  findLiveDaemon,
  readDaemonFile,
  removeDaemonFile,
  writeDaemonFile
} from "./chunk-MTQK3QBA.js";
import "./chunk-BFYGY7X2.js";
import "./chunk-VF57VZD3.js";
export {
  daemonFilePath,
  findLiveDaemon,
  readDaemonFile,
  removeDaemonFile,
  writeDaemonFile
};
