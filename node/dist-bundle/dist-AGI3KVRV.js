import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  Notebook,
  NotebookError,
  SCHEMA_VERSION,
  VITALS,
  VITAL_KINDS,
  digest,
  exportFhirBundle,
  importFhirBundle,
  parseVital
} from "./chunk-AFUFG3L7.js";
import "./chunk-3MQLA4Z2.js";
import "./chunk-MON3FNHB.js";
import "./chunk-ZQH54YKG.js";
import "./chunk-VF57VZD3.js";
export {
  Notebook,
  NotebookError,
  SCHEMA_VERSION,
  VITALS,
  VITAL_KINDS,
  digest,
  exportFhirBundle,
  importFhirBundle,
  parseVital
};
