import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  base58,
  base64,
  base64urlnopad,
  bytesToHex,
  canonicalize,
  genesisActorFor,
  hexToBytes,
  isActorId,
  isBase58Of,
  isPartyId,
  notebookIdFor,
  randomBytes,
  sha256,
  utf8ToBytes
} from "./chunk-3MQLA4Z2.js";
import {
  require_src
} from "./chunk-MON3FNHB.js";
import {
  CodedError
} from "./chunk-ZQH54YKG.js";
import {
  __toESM
} from "./chunk-VF57VZD3.js";

// packages/notebook/dist/errors.js
var NotebookError = class extends CodedError {
  name = "NotebookError";
  path;
  constructor(code, message, options) {
    super(code, message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.path = options?.path;
  }
};
function failWith(code) {
  return (_field, message) => {
    throw new NotebookError(code, message);
  };
}

// packages/notebook/dist/notebook.js
import * as A from "@automerge/automerge";
var import_debug2 = __toESM(require_src(), 1);

// packages/notebook/dist/buckets.js
var DAY_MS = 864e5;
function putEntry(doc, actor, id, ms, stored) {
  const { year, month, day } = placeOf(ms);
  const days = child(child(child(doc.entries, actor), year), month);
  child(days, day)[id] = stored;
}
function dayOf(doc, slot) {
  return doc.entries[slot.device]?.[slot.year]?.[slot.month]?.[slot.day];
}
function inBucket(slot, ms) {
  const place = placeOf(ms);
  return slot.year === place.year && slot.month === place.month && slot.day === place.day;
}
function locate(doc, id) {
  for (const [place, day] of dayMaps(doc, -Infinity, Infinity)) {
    const stored = day[id];
    if (stored !== void 0)
      return { ...place, stored };
  }
  return void 0;
}
function* scan(doc, since, until) {
  for (const [, day] of dayMaps(doc, since, until))
    yield* Object.entries(day);
}
function* dayMaps(doc, since, until) {
  const overlaps = (start, end2) => !(end2 <= since || start >= until);
  for (const device of Object.keys(doc.entries).sort()) {
    const years = mapIn(doc.entries[device]);
    for (const year of Object.keys(years).sort()) {
      if (!overlaps(Date.UTC(Number(year), 0, 1), Date.UTC(Number(year) + 1, 0, 1)))
        continue;
      const months = mapIn(years[year]);
      for (const month of Object.keys(months).sort()) {
        const start = Date.UTC(Number(year), Number(month) - 1, 1);
        if (!overlaps(start, Date.UTC(Number(year), Number(month), 1)))
          continue;
        const days = mapIn(months[month]);
        for (const day of Object.keys(days).sort()) {
          const dayStart = start + (Number(day) - 1) * DAY_MS;
          if (overlaps(dayStart, dayStart + DAY_MS))
            yield [{ device, year, month, day }, mapIn(days[day])];
        }
      }
    }
  }
}
function placeOf(ms) {
  const iso = new Date(ms).toISOString();
  return { year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10) };
}
function child(map, key) {
  if (map[key] === void 0)
    map[key] = {};
  return map[key];
}
function mapIn(value) {
  return typeof value === "object" && value !== null ? value : {};
}

// packages/notebook/dist/time.js
var DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
var FUTURE_SKEW_MS = 10 * 6e4;
var EARLIEST_MS = Date.UTC(1900, 0, 1);
function checkTime(text3, field, rule, fail2) {
  const example = rule.precise ? "an ISO 8601 date-time with a zone, e.g. 2024-05-01T08:30:00+09:00" : "an ISO 8601 date (2024-05-01) or date-time with a zone (2024-05-01T08:30:00+09:00)";
  const m = typeof text3 === "string" ? DATE_TIME.exec(text3) : null;
  if (m === null || rule.precise && m[4] === void 0) {
    return fail2(field, `${rule.label} ${JSON.stringify(text3)} is not ${example}.`);
  }
  const [, y, mo, d, h, mi, s, , zone] = m;
  const year = Number(y);
  const month = mo === void 0 ? 1 : Number(mo);
  const day = d === void 0 ? 1 : Number(d);
  const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && (h === void 0 || Number(h) <= 23 && Number(mi) <= 59 && Number(s ?? 0) <= 59 && validZone(zone));
  if (!real)
    return fail2(field, `${rule.label} ${text3} is not a real calendar date and time.`);
  const normalized = h !== void 0 && s === void 0 ? `${y}-${mo}-${d}T${h}:${mi}:00${zone}` : text3;
  const ms = instantOf(normalized);
  if (ms < EARLIEST_MS)
    return fail2(field, `${rule.label} ${normalized} is before 1900.`);
  if (rule.future !== true && ms > rule.now + FUTURE_SKEW_MS) {
    return fail2(field, `${rule.label} ${normalized} is in the future; it may be at most ${FUTURE_SKEW_MS / 6e4} minutes ahead of this device's clock.`);
  }
  return normalized;
}
function instantOf(fhirDateTime) {
  return Date.parse(fhirDateTime);
}
function isoSeconds(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function validZone(zone) {
  if (zone === "Z")
    return true;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return minutes <= 59 && (hours < 14 || hours === 14 && minutes === 0);
}

// packages/notebook/dist/types.js
var SCHEMA_VERSION = 3;
var VITAL_KINDS = ["bp", "temp", "pulse", "weight", "spo2", "glucose", "steps"];
var ALLERGY_STATUSES = ["active", "inactive", "resolved"];
var ALLERGY_CATEGORIES = ["food", "medication", "environment", "biologic"];
var CRITICALITIES = ["low", "high", "unable-to-assess"];
var CONDITION_STATUSES = ["active", "recurrence", "relapse", "inactive", "remission", "resolved"];
var MEDICATION_STATUSES = ["active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"];
var CONSENT_SCOPES = ["read", "write"];
var CONSENT_STATUSES = ["active", "revoked"];

// packages/notebook/dist/vitals.js
var VITALS = {
  bp: {
    label: "Blood pressure",
    code: "85354-9",
    display: "Blood pressure panel with all children optional",
    unit: "mm[Hg]",
    units: ["mm[Hg]"],
    unitText: "mmHg",
    category: "vital-signs",
    measures: [
      { field: "systolic", label: "Systolic pressure", min: 50, max: 260, component: { code: "8480-6", display: "Systolic blood pressure" } },
      { field: "diastolic", label: "Diastolic pressure", min: 30, max: 160, component: { code: "8462-4", display: "Diastolic blood pressure" } }
    ],
    example: "bp 120/80"
  },
  temp: {
    label: "Body temperature",
    code: "8310-5",
    display: "Body temperature",
    unit: "Cel",
    units: ["Cel"],
    unitText: "\xB0C",
    category: "vital-signs",
    measures: [{ field: "value", label: "Body temperature", min: 25, max: 45 }],
    example: "temp 36.8"
  },
  pulse: {
    label: "Heart rate",
    code: "8867-4",
    display: "Heart rate",
    unit: "/min",
    units: ["/min"],
    unitText: "beats/min",
    category: "vital-signs",
    measures: [{ field: "value", label: "Heart rate", min: 20, max: 250 }],
    example: "pulse 72"
  },
  weight: {
    label: "Body weight",
    code: "29463-7",
    display: "Body weight",
    unit: "kg",
    units: ["kg"],
    unitText: "kg",
    category: "vital-signs",
    measures: [{ field: "value", label: "Body weight", min: 0.5, max: 500 }],
    example: "weight 64.2"
  },
  spo2: {
    label: "Oxygen saturation",
    code: "2708-6",
    display: "Oxygen saturation in Arterial blood",
    unit: "%",
    units: ["%"],
    unitText: "%",
    category: "vital-signs",
    measures: [{ field: "value", label: "Oxygen saturation", min: 50, max: 100 }],
    example: "spo2 98"
  },
  glucose: {
    label: "Blood glucose",
    code: "2339-0",
    display: "Glucose [Mass/volume] in Blood",
    unit: "mg/dL",
    units: ["mg/dL"],
    unitText: "mg/dL",
    category: "laboratory",
    measures: [{ field: "value", label: "Blood glucose", min: 10, max: 1e3 }],
    example: "glucose 95"
  },
  steps: {
    label: "Steps",
    code: "41950-7",
    display: "Number of steps in 24 hour Measured",
    unit: "/d",
    units: ["/d", "{steps}", "{steps}/d"],
    unitText: "steps/day",
    category: "activity",
    measures: [{ field: "value", label: "Steps", min: 0, max: 2e5, integer: true }],
    example: "steps 8000"
  }
};
function vitalKindOf(code, unit) {
  return VITAL_KINDS.find((kind) => VITALS[kind].code === code && VITALS[kind].units.includes(unit));
}
function validateVital(input, now, fail2) {
  const kind = input.kind;
  if (typeof kind !== "string" || !VITAL_KINDS.includes(kind)) {
    return fail2("kind", `Unknown kind of reading ${JSON.stringify(kind)}; use one of ${VITAL_KINDS.join(", ")}.`);
  }
  const spec = VITALS[kind];
  if (input.unit !== void 0 && !spec.units.includes(input.unit)) {
    return fail2("unit", `${spec.label} unit ${JSON.stringify(input.unit)} is not accepted; use ${spec.unit} (${spec.unitText}).`);
  }
  const values = {};
  for (const m of spec.measures)
    values[m.field] = checkMeasure(spec, m, input[m.field], fail2);
  const at = checkTime(input.at ?? isoSeconds(new Date(now)), "at", { label: "Reading time", precise: true, now }, fail2);
  if (kind === "bp") {
    const { systolic, diastolic } = values;
    if (systolic <= diastolic) {
      return fail2("systolic", `Systolic pressure ${systolic} mm[Hg] must be higher than diastolic pressure ${diastolic} mm[Hg].`);
    }
    return { type: "vital", kind, systolic, diastolic, at };
  }
  return { type: "vital", kind, value: values.value, at };
}
function checkMeasure(spec, m, value, fail2) {
  const range = `(${m.min}\u2013${m.max})`;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return fail2(m.field, notANumber(spec, m.field, typeof value === "number" ? String(value) : String(JSON.stringify(value))));
  }
  if (value < m.min || value > m.max) {
    return fail2(m.field, `${m.label} ${value} ${spec.unit} is out of range ${range}${hint(spec, value)}.`);
  }
  if (m.integer === true && !Number.isInteger(value)) {
    return fail2(m.field, `${m.label} ${value} must be a whole number ${range}.`);
  }
  return value;
}
function notANumber(spec, field, shown2) {
  const m = spec.measures.find((x) => x.field === field);
  return `${m.label} ${shown2} is not a number; enter ${spec.unitText} (${m.min}\u2013${m.max}), e.g. ${spec.example}.`;
}
function hint(spec, value) {
  if (spec === VITALS.temp && value >= 80 && value <= 115) {
    return `; it looks like Fahrenheit, so enter it in Celsius: temp ${((value - 32) * 5 / 9).toFixed(1)}`;
  }
  if (spec === VITALS.glucose && value >= 1 && value < 10) {
    return `; it looks like mmol/L, so enter it in mg/dL: glucose ${Math.round(value * 18.016)}`;
  }
  return "";
}

// packages/notebook/dist/entries.js
var OBSERVATION_CATEGORIES = ["social-history", "vital-signs", "imaging", "laboratory", "procedure", "survey", "exam", "therapy", "activity"];
var ABATED_STATUSES = ["inactive", "remission", "resolved"];
var MAX_SIZE = 2 ** 31 - 1;
var URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
var CODE = /^\S+( \S+)*$/;
var UCUM = /^[!-~]{1,40}$/;
var MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;.*)?$/i;
var SHA256_HEX = /^[0-9a-f]{64}$/;
var LONE_SURROGATE = new RegExp("\\p{Surrogate}", "u");
function validateObservation(input, now, fail2) {
  const code = concept(input.code, "code", "Observation code", fail2);
  const at = time(input.at, "at", "Observation time", now, fail2);
  let out;
  if (typeof input.value === "number") {
    if (!Number.isFinite(input.value))
      return fail2("value", `Observation value ${input.value} is not a finite number.`);
    out = { type: "observation", at, code, value: input.value };
    if (input.unit !== void 0) {
      if (typeof input.unit !== "string" || !UCUM.test(input.unit))
        return fail2("unit", `Unit ${JSON.stringify(input.unit)} is not a UCUM code.`);
      out.unit = input.unit;
    }
  } else {
    if (input.unit !== void 0)
      return fail2("unit", "A coded observation value cannot have a unit.");
    out = { type: "observation", at, code, value: concept(input.value, "value", "Observation value", fail2) };
  }
  const category2 = optional(input.category, "category", "Observation category", OBSERVATION_CATEGORIES, fail2);
  if (category2 !== void 0)
    out.category = category2;
  return out;
}
function validateAllergy(input, now, fail2) {
  const out = {
    type: "allergy",
    at: time(input.at, "at", "Allergy time", now, fail2),
    code: concept(input.code, "code", "Allergy substance", fail2),
    status: optional(input.status, "status", "Allergy status", ALLERGY_STATUSES, fail2) ?? "active"
  };
  const category2 = optional(input.category, "category", "Allergy category", ALLERGY_CATEGORIES, fail2);
  if (category2 !== void 0)
    out.category = category2;
  const criticality = optional(input.criticality, "criticality", "Allergy criticality", CRITICALITIES, fail2);
  if (criticality !== void 0)
    out.criticality = criticality;
  if (input.reaction !== void 0)
    out.reaction = text(input.reaction, "reaction", "Reaction", 500, fail2);
  return out;
}
function validateCondition(input, now, fail2) {
  const at = time(input.at, "at", "Onset time", now, fail2);
  const out = {
    type: "condition",
    at,
    code: concept(input.code, "code", "Condition", fail2),
    status: optional(input.status, "status", "Condition status", CONDITION_STATUSES, fail2) ?? "active"
  };
  if (input.abated !== void 0) {
    out.abated = end(input.abated, "abated", "Abatement time", at, now, fail2);
    if (!ABATED_STATUSES.includes(out.status)) {
      return fail2("status", `Condition status ${out.status} contradicts its abatement time ${out.abated}; use ${ABATED_STATUSES.join(", ")}.`);
    }
  }
  return out;
}
function validateMedication(input, now, fail2) {
  const at = time(input.at, "at", "Medication start", now, fail2);
  const out = {
    type: "medication",
    at,
    medication: concept(input.medication, "medication", "Medication", fail2),
    status: optional(input.status, "status", "Medication status", MEDICATION_STATUSES, fail2) ?? "active"
  };
  if (input.dosage !== void 0)
    out.dosage = text(input.dosage, "dosage", "Dosage", 500, fail2);
  if (input.until !== void 0)
    out.until = end(input.until, "until", "Medication end", at, now, fail2);
  return out;
}
function validateNote(input, now, fail2) {
  const out = {
    type: "note",
    at: time(input.at, "at", "Note time", now, fail2),
    text: text(input.text, "text", "Note text", 1e5, fail2)
  };
  if (input.title !== void 0)
    out.title = text(input.title, "title", "Note title", 200, fail2);
  return out;
}
function validateDocument(input, now, fail2) {
  const contentType = text(input.contentType, "contentType", "Content type", 200, fail2);
  if (!MIME.test(contentType))
    return fail2("contentType", `Content type ${JSON.stringify(contentType)} is not a MIME type such as application/pdf.`);
  const sha2562 = typeof input.sha256 === "string" ? input.sha256.toLowerCase() : input.sha256;
  if (typeof sha2562 !== "string" || !SHA256_HEX.test(sha2562)) {
    return fail2("sha256", `Document hash ${JSON.stringify(input.sha256)} is not a SHA-256 digest in hex (64 characters).`);
  }
  const size = input.size;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || size > MAX_SIZE) {
    return fail2("size", `Document size ${JSON.stringify(size)} is not a whole number of bytes up to ${MAX_SIZE}.`);
  }
  return {
    type: "document",
    at: time(input.at, "at", "Document time", now, fail2),
    title: text(input.title, "title", "Document title", 200, fail2),
    contentType,
    sha256: sha2562,
    size
  };
}
function validateConsent(input, now, fail2) {
  if (!isPartyId(input.clinic))
    return fail2("clinic", `Clinic ${JSON.stringify(input.clinic)} is not a party id (a base58 Ed25519 public key).`);
  const scope = optional(input.scope, "scope", "Consent scope", CONSENT_SCOPES, fail2);
  if (scope === void 0)
    return fail2("scope", `Consent scope is missing; use one of ${CONSENT_SCOPES.join(", ")}.`);
  const status = optional(input.status, "status", "Consent status", CONSENT_STATUSES, fail2);
  if (status === void 0)
    return fail2("status", `Consent status is missing; use one of ${CONSENT_STATUSES.join(", ")}.`);
  if (!isBase58Of(input.tx, 32))
    return fail2("tx", `Transaction hash ${JSON.stringify(input.tx)} is not a base58 32-byte hash.`);
  const at = checkTime(input.at ?? isoSeconds(new Date(now)), "at", { label: "Consent time", precise: true, now }, fail2);
  const expires = checkTime(input.expires, "expires", { label: "Consent expiry", precise: true, now, future: true }, fail2);
  if (instantOf(expires) <= instantOf(at))
    return fail2("expires", `Consent expiry ${expires} is not after the consent time ${at}.`);
  return { type: "consent", at, clinic: input.clinic, scope, expires, status, tx: input.tx };
}
var VALIDATORS = {
  vital: validateVital,
  observation: validateObservation,
  allergy: validateAllergy,
  condition: validateCondition,
  medication: validateMedication,
  note: validateNote,
  document: validateDocument,
  consent: validateConsent
};
function concept(value, field, label, fail2) {
  if (typeof value === "string")
    return { text: text(value, field, label, 500, fail2) };
  if (typeof value !== "object" || value === null)
    return fail2(field, `${label} is missing; give its name as text.`);
  const v = value;
  const out = { text: text(v.text, `${field}.text`, label, 500, fail2) };
  if (v.system === void 0 && v.code === void 0)
    return out;
  if (typeof v.system !== "string" || !URI.test(v.system) || v.system.length > 200 || LONE_SURROGATE.test(v.system)) {
    return fail2(`${field}.system`, `${label} code system ${JSON.stringify(v.system)} is not an absolute URI.`);
  }
  if (typeof v.code !== "string" || !CODE.test(v.code) || v.code.length > 100 || LONE_SURROGATE.test(v.code)) {
    return fail2(`${field}.code`, `${label} code ${JSON.stringify(v.code)} is not a FHIR code.`);
  }
  out.system = v.system;
  out.code = v.code;
  return out;
}
function text(value, field, label, max, fail2) {
  if (typeof value !== "string" || value.trim() === "")
    return fail2(field, `${label} is missing or empty.`);
  const trimmed = value.trim();
  if (trimmed.length > max)
    return fail2(field, `${label} is ${trimmed.length} characters long; the limit is ${max}.`);
  if (LONE_SURROGATE.test(trimmed))
    return fail2(field, `${label} contains a broken character (a lone UTF-16 surrogate); remove it and try again.`);
  return trimmed;
}
function optional(value, field, label, allowed, fail2) {
  if (value === void 0)
    return void 0;
  if (typeof value !== "string" || !allowed.includes(value)) {
    return fail2(field, `${label} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}.`);
  }
  return value;
}
function time(value, field, label, now, fail2) {
  return checkTime(value ?? isoSeconds(new Date(now)), field, { label, precise: false, now }, fail2);
}
function end(value, field, label, start, now, fail2) {
  const t = time(value, field, label, now, fail2);
  if (instantOf(t) < instantOf(start))
    return fail2(field, `${label} ${t} is before the start ${start}.`);
  return t;
}

// packages/notebook/dist/entry-json.js
import { ImmutableString, isImmutableString } from "@automerge/automerge";
var import_debug = __toESM(require_src(), 1);
var log = (0, import_debug.default)("techo:notebook");
var NO_CLOCK = Date.UTC(9999, 11, 31);
var PARTIES_REMEMBERED = 256;
var parties = /* @__PURE__ */ new Set();
var valid = /* @__PURE__ */ new WeakMap();
var Unreadable = class extends Error {
};
var fail = (field, message) => {
  throw new Unreadable(`${field}: ${message}`);
};
function writeEntry(body) {
  return new ImmutableString(canonicalize(body));
}
function readEntry(id, value) {
  const parsed = parseEntry(id, value);
  return parsed === void 0 ? void 0 : checkEntry(id, parsed);
}
function parseEntry(id, value) {
  return guarded(id, () => {
    if (!isImmutableString(value))
      return fail("(entry)", "it is not an immutable string");
    const json = JSON.parse(value.val);
    return isRecord(json) ? { stored: value, json } : fail("(entry)", "it is not a JSON object");
  });
}
function checkEntry(id, { stored, json }) {
  if (valid.get(stored) === stored.val)
    return json;
  return guarded(id, () => {
    const type = json.type;
    if (typeof type !== "string" || !Object.hasOwn(VALIDATORS, type))
      return fail("type", `${JSON.stringify(type)} is not an entry type`);
    const body = { ...VALIDATORS[type](json, NO_CLOCK, fail), recorded: time2(json.recorded, "recorded"), author: writer(json.author) };
    if (json.amended !== void 0)
      body.amended = time2(json.amended, "amended");
    if (!sameJson(json, body))
      return fail("(entry)", "it holds fields or forms a valid entry does not");
    valid.set(stored, stored.val);
    return body;
  });
}
function guarded(id, read) {
  try {
    return read();
  } catch (err) {
    log("entry %s is not a valid entry and was skipped: %s", id, err.message);
    return void 0;
  }
}
function time2(value, field) {
  return checkTime(value, field, { label: "Entry time", precise: true, now: NO_CLOCK }, fail);
}
function writer(value) {
  if (!isRecord(value) || !isActorId(value.device) || !isParty(value.party))
    return fail("author", "it does not name a device and a party");
  return { device: value.device, party: value.party };
}
function isParty(value) {
  if (typeof value === "string" && parties.has(value))
    return true;
  if (!isPartyId(value))
    return false;
  if (parties.size >= PARTIES_REMEMBERED)
    parties.clear();
  parties.add(value);
  return true;
}
function sameJson(a, b) {
  if (a === b)
    return true;
  if (!isRecord(a) || !isRecord(b))
    return false;
  let keys = 0;
  for (const k in a) {
    if (!Object.hasOwn(b, k) || !sameJson(a[k], b[k]))
      return false;
    keys++;
  }
  return keys === Object.keys(b).length;
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// packages/notebook/dist/ids.js
var ENTRY_ID_BYTES = 10;
var ENTRY_ID = /^[1-9A-HJ-NP-Za-km-z]{8,20}$/;
function checkWriter(actor, party) {
  if (!isActorId(actor)) {
    throw new NotebookError("ERR_BAD_IDENTITY", `Actor id ${JSON.stringify(actor)} is not 32 lowercase hex characters.`);
  }
  if (!isPartyId(party)) {
    throw new NotebookError("ERR_BAD_IDENTITY", `Party id ${JSON.stringify(party)} is not a base58 Ed25519 public key.`);
  }
}
function newEntryId() {
  return base58.encode(randomBytes(ENTRY_ID_BYTES));
}
function derivedEntryId(namespace, key) {
  return base58.encode(sha256(utf8ToBytes(`techo/${namespace}/v1:${key}`)).subarray(0, ENTRY_ID_BYTES));
}

// packages/notebook/dist/stored.js
import { ImmutableString as ImmutableString2, isImmutableString as isImmutableString2 } from "@automerge/automerge";
function toStored(value) {
  if (typeof value === "string")
    return new ImmutableString2(value);
  if (typeof value !== "object" || value === null)
    return value;
  const out = {};
  for (const [k, v] of Object.entries(value))
    if (v !== void 0)
      out[k] = toStored(v);
  return out;
}
function str(value) {
  return isImmutableString2(value) ? value.val : void 0;
}

// packages/notebook/dist/notebook.js
var log2 = (0, import_debug2.default)("techo:notebook");
var AMENDABLE = {
  observation: ["code", "value", "unit", "category", "at"],
  allergy: ["code", "status", "category", "criticality", "reaction", "at"],
  condition: ["code", "status", "abated", "at"],
  medication: ["medication", "status", "dosage", "until", "at"],
  note: ["text", "title", "at"],
  document: ["title", "contentType", "sha256", "size", "at"]
};
var addValidated;
var Notebook = class _Notebook {
  actor;
  party;
  now;
  #doc;
  #id;
  #listeners = /* @__PURE__ */ new Set();
  #pending;
  static {
    addValidated = (nb, data, id) => nb.#add(data, id);
  }
  constructor(doc, id, writer2) {
    this.#doc = doc;
    this.#id = id;
    this.actor = writer2.actor;
    this.party = writer2.party;
    this.now = writer2.now ?? (() => /* @__PURE__ */ new Date());
  }
  /**
   * Creates a patient's notebook. Its first change is a genesis written by the patient's genesis actor
   * at time zero, so with the same `salt` every device of the patient (one restored from the recovery
   * phrase included) creates byte-identical first states that merge without conflict. Without `salt`,
   * a fresh random one is drawn.
   */
  static create(options) {
    checkWriter(options.actor, options.party);
    const id = notebookIdFor(options.patientId);
    const salt = options.salt ?? randomBytes(32);
    if (salt.length !== 32)
      throw new NotebookError("ERR_BAD_IDENTITY", `The notebook salt must be 32 bytes, not ${salt.length}.`);
    const meta = { schema: SCHEMA_VERSION, patient: options.patientId, notebook: id, salt: base58.encode(salt) };
    const genesis = A.change(A.init({ actor: genesisActorFor(options.patientId) }), { time: 0 }, (d) => {
      d.meta = toStored(meta);
      d.entries = {};
    });
    log2("created notebook %s", id);
    return new _Notebook(A.clone(genesis, { actor: options.actor }), id, options);
  }
  /** Loads a notebook saved with `save()`; throws ERR_BAD_DOCUMENT if the bytes are damaged or not a notebook. */
  static load(bytes, writer2) {
    checkWriter(writer2.actor, writer2.party);
    let doc;
    try {
      doc = A.load(bytes, { actor: writer2.actor });
    } catch (err) {
      throw new NotebookError("ERR_BAD_DOCUMENT", "The notebook data is damaged or is not an Automerge document.", { cause: err });
    }
    return new _Notebook(doc, checkMeta(doc), writer2);
  }
  /**
   * Wraps an Automerge document (e.g. one received by sync) and takes it over: use `nb.doc` from then on.
   * A document with another actor id is cloned with this device's actor first.
   */
  static fromDoc(doc, writer2) {
    checkWriter(writer2.actor, writer2.party);
    const id = checkMeta(doc);
    const own = A.getActorId(doc) === writer2.actor ? doc : A.clone(doc, { actor: writer2.actor });
    return new _Notebook(own, id, writer2);
  }
  /** The current Automerge document (replaced, never mutated, by every change). */
  get doc() {
    return this.#doc;
  }
  /** The notebook id, derived from the patient id. */
  get id() {
    return this.#id;
  }
  /** The patient's party id (base58 master public key). */
  get patientId() {
    return str(this.#doc.meta.patient);
  }
  /**
   * Replaces the document with one that has remote changes applied to it (the sync layer's job).
   * Refuses a different notebook, another actor, or a doc missing this notebook's latest changes.
   */
  setDoc(doc) {
    if (doc === this.#doc)
      return;
    const id = checkMeta(doc);
    if (id !== this.#id)
      throw new NotebookError("ERR_WRONG_NOTEBOOK", `This document is notebook ${id}, not ${this.#id}.`);
    if (A.getActorId(doc) !== this.actor) {
      throw new NotebookError("ERR_BAD_DOCUMENT", `The document writes as actor ${A.getActorId(doc)}, not as this device (${this.actor}).`);
    }
    const before = A.getHeads(this.#doc);
    if (!A.hasHeads(doc, before)) {
      throw new NotebookError("ERR_STALE_DOC", "The document lacks changes this notebook already has; apply remote changes to notebook.doc and pass that result.");
    }
    this.#doc = doc;
    const after = A.getHeads(doc);
    if (!sameHeads(before, after))
      this.#emit({ doc, before, after, local: false });
  }
  /** Calls `listener` after every change (local or via setDoc); returns a function that unsubscribes it. Listeners must not throw. */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
  /** Returns the whole document as Automerge bytes. */
  save() {
    return A.save(this.#doc);
  }
  /** Returns the document's current heads (change hashes, hex). */
  heads() {
    return A.getHeads(this.#doc);
  }
  /** Runs `fn` so that every write inside it lands in one Automerge change; if `fn` throws, nothing is written. */
  batch(fn) {
    if (this.#pending !== void 0)
      return fn();
    this.#pending = [];
    let ops;
    let result;
    try {
      result = fn();
    } finally {
      ops = this.#pending;
      this.#pending = void 0;
    }
    if (ops.length > 0)
      this.#commit(ops);
    return result;
  }
  /** Adds a vital-sign reading; throws ERR_BAD_READING naming the field, value and range, writing nothing. */
  addVital(input) {
    return this.#add(validateVital(input, this.#ms(), failWith("ERR_BAD_READING")));
  }
  /** Adds an allergy or intolerance; throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addAllergy(input) {
    return this.#add(validateAllergy(input, this.#ms(), failWith("ERR_BAD_ENTRY")));
  }
  /** Adds a medication the patient takes or took; throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addMedication(input) {
    return this.#add(validateMedication(input, this.#ms(), failWith("ERR_BAD_ENTRY")));
  }
  /** Adds a condition (problem or diagnosis); throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addCondition(input) {
    return this.#add(validateCondition(input, this.#ms(), failWith("ERR_BAD_ENTRY")));
  }
  /** Adds a clinical note; throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addNote(input) {
    return this.#add(validateNote(input, this.#ms(), failWith("ERR_BAD_ENTRY")));
  }
  /** Adds a document by its hash and size (never its bytes); throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addDocument(input) {
    return this.#add(validateDocument(input, this.#ms(), failWith("ERR_BAD_ENTRY")));
  }
  /** Mirrors an on-chain consent event; recording the same transaction again returns the existing entry. */
  recordConsent(input) {
    const data = validateConsent(input, this.#ms(), failWith("ERR_BAD_ENTRY"));
    const id = derivedEntryId("consent", data.tx);
    return this.get(id) ?? this.#add(data, id);
  }
  /**
   * Changes fields of an entry this party wrote, validated as a new entry would be; returns the result.
   * Throws ERR_NOT_FOUND, ERR_NOT_AUTHOR (another party's entry), or ERR_BAD_READING/ERR_BAD_ENTRY.
   */
  amend(id, patch) {
    const slot = locate(this.#doc, id);
    if (slot === void 0)
      throw new NotebookError("ERR_NOT_FOUND", `There is no entry ${JSON.stringify(id)} in this notebook.`);
    const current = toEntry(id, slot);
    if (current === void 0)
      throw new NotebookError("ERR_BAD_DOCUMENT", `Entry ${id} is damaged (not a valid notebook entry) and cannot be amended.`);
    if (current.author.party !== this.party) {
      throw new NotebookError("ERR_NOT_AUTHOR", `Entry ${id} was written by party ${current.author.party}; only that party may amend it.`);
    }
    if (current.type === "consent") {
      throw new NotebookError("ERR_BAD_ENTRY", `Entry ${id} mirrors a consent event on chain and cannot be amended; record the new event with recordConsent.`);
    }
    const { id: _id, recorded, author, amended: _amended, ...data } = current;
    const allowed = amendable(data);
    const bad2 = current.type === "vital" ? failWith("ERR_BAD_READING") : failWith("ERR_BAD_ENTRY");
    const changes = {};
    for (const [k, v] of Object.entries(patch)) {
      if (!allowed.includes(k))
        return bad2(k, `Field ${JSON.stringify(k)} cannot be amended on ${describe(data)}; the amendable fields are ${allowed.join(", ")}.`);
      if (v !== void 0)
        changes[k] = v;
    }
    const { type, ...fields } = data;
    const next = VALIDATORS[type]({ ...fields, ...changes }, this.#ms(), bad2);
    const changed = [.../* @__PURE__ */ new Set([...Object.keys(next), ...Object.keys(data)])].filter((k) => JSON.stringify(next[k]) !== JSON.stringify(data[k]));
    if (changed.length === 0)
      return current;
    const amended = isoSeconds(this.now());
    const ms = instantOf(next.at);
    const entry = { ...next, recorded, author, amended };
    const stored = writeEntry(entry);
    this.#write((d) => {
      const day = dayOf(d, slot);
      if (inBucket(slot, ms)) {
        day[id] = stored;
        return;
      }
      delete day[id];
      putEntry(d, this.actor, id, ms, stored);
    });
    log2("amended %s (%s)", id, changed.join(", "));
    return { id, ...entry };
  }
  /** Returns the entry with this id, or undefined (also when what is stored under it is not a valid entry). */
  get(id) {
    const slot = locate(this.#doc, id);
    return slot === void 0 ? void 0 : toEntry(id, slot);
  }
  /**
   * Returns the entries matching `q`, sorted by their time (then id); reads only the years, months and days in range.
   * Anything stored that is not a valid entry (e.g. from a misbehaving peer) is skipped and logged.
   */
  query(q = {}) {
    const bad2 = failWith("ERR_BAD_ENTRY");
    if (q.type !== void 0 && !Object.hasOwn(VALIDATORS, q.type))
      bad2("type", `Entry type ${JSON.stringify(q.type)} is not one of ${Object.keys(VALIDATORS).join(", ")}.`);
    if (q.kind !== void 0 && !VITAL_KINDS.includes(q.kind))
      bad2("kind", `Reading kind ${JSON.stringify(q.kind)} is not one of ${VITAL_KINDS.join(", ")}.`);
    const rule = { precise: false, now: this.#ms(), future: true };
    const since = q.since === void 0 ? -Infinity : instantOf(checkTime(q.since, "since", { ...rule, label: "Query start" }, bad2));
    const until = q.until === void 0 ? Infinity : instantOf(checkTime(q.until, "until", { ...rule, label: "Query end" }, bad2));
    const found = [];
    const seen = /* @__PURE__ */ new Set();
    for (const [id, stored] of scan(this.#doc, since, until)) {
      if (seen.has(id))
        continue;
      const parsed = parseEntry(id, stored);
      if (parsed === void 0)
        continue;
      const { type, kind } = parsed.json;
      if (q.type !== void 0 && type !== q.type)
        continue;
      if (q.kind !== void 0 && (type !== "vital" || kind !== q.kind))
        continue;
      const body = checkEntry(id, parsed);
      if (body === void 0)
        continue;
      const ms = instantOf(body.at);
      if (ms < since || ms >= until)
        continue;
      seen.add(id);
      found.push([ms, { id, ...body }]);
    }
    found.sort((a, b) => a[0] - b[0] || (a[1].id < b[1].id ? -1 : 1));
    return found.map(([, entry]) => entry);
  }
  #ms() {
    return this.now().getTime();
  }
  #add(data, id = newEntryId()) {
    const meta = { recorded: isoSeconds(this.now()), author: { device: this.actor, party: this.party } };
    const stored = writeEntry({ ...data, ...meta });
    const ms = instantOf(data.at);
    this.#write((d) => {
      putEntry(d, this.actor, id, ms, stored);
    });
    return { id, ...data, ...meta };
  }
  #write(op) {
    if (this.#pending !== void 0)
      this.#pending.push(op);
    else
      this.#commit([op]);
  }
  #commit(ops) {
    const before = A.getHeads(this.#doc);
    this.#doc = A.change(this.#doc, { time: seconds(this.now()) }, (d) => {
      for (const op of ops)
        op(d);
    });
    this.#emit({ doc: this.#doc, before, after: A.getHeads(this.#doc), local: true });
  }
  #emit(change2) {
    for (const listener of this.#listeners)
      listener(change2);
  }
};
function checkMeta(doc) {
  const meta = doc.meta;
  if (typeof meta !== "object" || meta === null || typeof doc.entries !== "object") {
    throw new NotebookError("ERR_BAD_DOCUMENT", "This Automerge document is not a Techo notebook (it has no notebook metadata).");
  }
  if (typeof meta.schema !== "number" || meta.schema > SCHEMA_VERSION) {
    throw new NotebookError("ERR_BAD_DOCUMENT", `This notebook has schema ${String(meta.schema)}, which this version of Techo cannot read (it reads ${SCHEMA_VERSION}); update Techo.`);
  }
  if (meta.schema < SCHEMA_VERSION) {
    throw new NotebookError("ERR_BAD_DOCUMENT", `This notebook has schema ${meta.schema}, a pre-release layout which this version of Techo cannot read; export it as FHIR with the Techo that wrote it and import that here.`);
  }
  const patient = str(meta.patient);
  const id = str(meta.notebook);
  if (!isPartyId(patient) || id !== notebookIdFor(patient) || !isBase58Of(str(meta.salt), 32)) {
    throw new NotebookError("ERR_BAD_DOCUMENT", "The notebook metadata is damaged: its patient id, notebook id or salt is invalid.");
  }
  return id;
}
function toEntry(id, slot) {
  const body = readEntry(id, slot.stored);
  return body === void 0 ? void 0 : { id, ...body };
}
function amendable(data) {
  if (data.type === "vital")
    return data.kind === "bp" ? ["systolic", "diastolic", "unit", "at"] : ["value", "unit", "at"];
  return AMENDABLE[data.type];
}
function describe(data) {
  return data.type === "vital" ? `${data.kind} readings` : `${data.type} entries`;
}
function seconds(date) {
  return Math.floor(date.getTime() / 1e3);
}
function sameHeads(a, b) {
  return a.length === b.length && a.every((h) => b.includes(h));
}

// packages/notebook/dist/parse-vital.js
var KIND_ALIASES = {
  bp: "bp",
  "blood-pressure": "bp",
  bloodpressure: "bp",
  pressure: "bp",
  temp: "temp",
  temperature: "temp",
  "body-temperature": "temp",
  pulse: "pulse",
  hr: "pulse",
  "heart-rate": "pulse",
  heartrate: "pulse",
  weight: "weight",
  wt: "weight",
  "body-weight": "weight",
  spo2: "spo2",
  sao2: "spo2",
  o2: "spo2",
  oxygen: "spo2",
  saturation: "spo2",
  glucose: "glucose",
  "blood-glucose": "glucose",
  sugar: "glucose",
  "blood-sugar": "glucose",
  bg: "glucose",
  steps: "steps",
  step: "steps"
};
var UNIT_SPELLINGS = {
  bp: ["mmhg", "mm[hg]"],
  temp: ["c", "\xB0c", "cel", "celsius"],
  pulse: ["bpm", "/min"],
  weight: ["kg", "kgs"],
  spo2: ["%"],
  glucose: ["mg/dl"],
  steps: ["steps", "step", "/d"]
};
var NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
var NUMBER_AND_UNIT = /^([+-]?[\d.,]+)\s*(.*)$/;
var bad = failWith("ERR_BAD_READING");
function parseVital(kind, text3, at) {
  const alias = kind.trim().toLowerCase();
  const k = Object.hasOwn(KIND_ALIASES, alias) ? KIND_ALIASES[alias] : void 0;
  if (k === void 0) {
    throw new NotebookError("ERR_BAD_READING", `Unknown kind of reading ${JSON.stringify(kind)}; use one of ${Object.keys(VITALS).join(", ")}.`);
  }
  const trimmed = text3.trim();
  let input;
  if (k === "bp") {
    const slash = trimmed.indexOf("/");
    if (slash < 0)
      return bad("systolic", `Blood pressure ${JSON.stringify(text3)} is not systolic/diastolic in mm[Hg], e.g. ${VITALS.bp.example}.`);
    const [diastolic, unit] = splitUnit(trimmed.slice(slash + 1).trim());
    checkUnit(k, unit);
    input = { kind: "bp", systolic: toNumber(k, "systolic", trimmed.slice(0, slash).trim()), diastolic: toNumber(k, "diastolic", diastolic) };
  } else {
    const [value, unit] = splitUnit(trimmed);
    checkUnit(k, unit);
    input = { kind: k, value: toNumber(k, "value", value) };
  }
  if (at !== void 0)
    input.at = at;
  validateVital(input, Date.now(), bad);
  return input;
}
function splitUnit(text3) {
  const m = NUMBER_AND_UNIT.exec(text3);
  return m === null ? [text3, ""] : [m[1], m[2]];
}
function toNumber(kind, field, text3) {
  if (NUMBER.test(text3))
    return Number(text3);
  const comma = /^\d+,\d+$/.test(text3) ? " (use a dot for decimals)" : "";
  return bad(field, notANumber(VITALS[kind], field, JSON.stringify(text3) + comma));
}
function checkUnit(kind, unit) {
  if (unit === "" || UNIT_SPELLINGS[kind].includes(unit.toLowerCase()))
    return;
  const spec = VITALS[kind];
  bad("unit", `${spec.label} unit ${JSON.stringify(unit)} is not accepted; enter ${spec.unitText}, e.g. ${spec.example}.`);
}

// packages/notebook/dist/digest.js
function digest(nb) {
  return saltedDigest(base58.decode(str(nb.doc.meta.salt)), nb.heads());
}
function saltedDigest(salt, heads) {
  const h = sha256.create().update(salt);
  for (const head of [...heads].sort())
    h.update(hexToBytes(head));
  return base58.encode(h.digest());
}

// packages/notebook/dist/fhir-systems.js
var LOINC = "http://loinc.org";
var UCUM2 = "http://unitsofmeasure.org";
var OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
var ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
var CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
var DOCUMENT_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
var CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
var CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
var ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
var PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
var TECHO_NOTEBOOK = "urn:techo:notebook";
var TECHO_PARTY = "urn:techo:party";
var IOST_TX = "urn:techo:iost-tx";
var NOTE_TYPE = { code: "34109-9", display: "Note" };
var NOTE_CONTENT_TYPE = "text/plain; charset=utf-8";
function uuidFor(notebookId, name) {
  const b = sha256(utf8ToBytes(`techo/uuid/v1:${notebookId}/${name}`)).slice(0, 16);
  b[6] = b[6] & 15 | 128;
  b[8] = b[8] & 63 | 128;
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// packages/notebook/dist/fhir-export.js
function exportFhirBundle(nb) {
  const patientUuid = uuidFor(nb.id, "patient");
  const subject = { reference: `urn:uuid:${patientUuid}` };
  const patient = { resourceType: "Patient", id: patientUuid, identifier: [{ system: TECHO_PARTY, value: nb.patientId }] };
  return {
    resourceType: "Bundle",
    identifier: { system: TECHO_NOTEBOOK, value: nb.id },
    type: "collection",
    timestamp: isoSeconds(nb.now()),
    entry: [
      { fullUrl: subject.reference, resource: patient },
      ...nb.query().map((e) => ({ fullUrl: `urn:uuid:${uuidFor(nb.id, e.id)}`, resource: toResource(e, subject) }))
    ]
  };
}
function toResource(e, subject) {
  switch (e.type) {
    case "vital":
      return vital(e, subject);
    case "observation":
      return compact({
        resourceType: "Observation",
        id: e.id,
        status: e.amended === void 0 ? "final" : "amended",
        category: e.category === void 0 ? void 0 : [category(e.category)],
        code: codeable(e.code),
        subject,
        effectiveDateTime: e.at,
        issued: e.recorded,
        valueQuantity: typeof e.value === "number" ? quantity(e.value, e.unit) : void 0,
        valueCodeableConcept: typeof e.value === "number" ? void 0 : codeable(e.value)
      });
    case "allergy":
      return compact({
        resourceType: "AllergyIntolerance",
        id: e.id,
        clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: e.status }] },
        category: e.category === void 0 ? void 0 : [e.category],
        criticality: e.criticality,
        code: codeable(e.code),
        patient: subject,
        onsetDateTime: e.at,
        recordedDate: e.recorded,
        reaction: e.reaction === void 0 ? void 0 : [{ manifestation: [{ text: e.reaction }] }]
      });
    case "condition":
      return compact({
        resourceType: "Condition",
        id: e.id,
        clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: e.status }] },
        code: codeable(e.code),
        subject,
        onsetDateTime: e.at,
        abatementDateTime: e.abated,
        recordedDate: e.recorded
      });
    case "medication":
      return compact({
        resourceType: "MedicationStatement",
        id: e.id,
        status: e.status,
        medicationCodeableConcept: codeable(e.medication),
        subject,
        effectiveDateTime: e.until === void 0 ? e.at : void 0,
        effectivePeriod: e.until === void 0 ? void 0 : { start: e.at, end: e.until },
        dateAsserted: e.recorded,
        dosage: e.dosage === void 0 ? void 0 : [{ text: e.dosage }]
      });
    case "note":
      return compact({
        resourceType: "DocumentReference",
        id: e.id,
        status: "current",
        type: { coding: [{ system: LOINC, ...NOTE_TYPE }], text: NOTE_TYPE.display },
        category: [{ coding: [{ system: DOCUMENT_CATEGORY, code: "clinical-note", display: "Clinical Note" }] }],
        subject,
        date: e.recorded,
        description: e.title,
        content: [{ attachment: compact({ contentType: NOTE_CONTENT_TYPE, data: base64.encode(utf8ToBytes(e.text)), title: e.title }) }],
        context: { period: { start: e.at } }
      });
    case "document":
      return {
        resourceType: "DocumentReference",
        id: e.id,
        status: "current",
        subject,
        date: e.recorded,
        description: e.title,
        // RFC 6920 names the content by its SHA-256 (FHIR's own Attachment.hash is SHA-1 of bytes we do not hold).
        content: [{ attachment: { contentType: e.contentType, url: `ni:///sha-256;${base64urlnopad.encode(hexToBytes(e.sha256))}`, size: e.size, title: e.title } }],
        context: { period: { start: e.at } }
      };
    case "consent":
      return {
        resourceType: "Consent",
        id: e.id,
        identifier: [{ system: IOST_TX, value: e.tx }],
        status: e.status === "active" ? "active" : "inactive",
        scope: { coding: [{ system: CONSENT_SCOPE, code: "patient-privacy" }] },
        category: [{ coding: [{ system: LOINC, code: "59284-0", display: "Patient Consent" }] }],
        patient: subject,
        dateTime: e.at,
        policyRule: { coding: [{ system: ACT_CODE, code: "OPTIN" }] },
        provision: {
          type: "permit",
          period: { end: e.expires },
          actor: [{
            role: { coding: [{ system: PARTICIPATION_TYPE, code: "IRCP", display: "information recipient" }] },
            reference: { identifier: { system: TECHO_PARTY, value: e.clinic } }
          }],
          action: (e.scope === "write" ? ["access", "correct"] : ["access"]).map((code) => ({ coding: [{ system: CONSENT_ACTION, code }] }))
        }
      };
  }
}
function vital(e, subject) {
  const spec = VITALS[e.kind];
  const values = e;
  return {
    resourceType: "Observation",
    id: e.id,
    status: e.amended === void 0 ? "final" : "amended",
    category: [category(spec.category)],
    code: { coding: [{ system: LOINC, code: spec.code, display: spec.display }], text: spec.display },
    subject,
    effectiveDateTime: e.at,
    issued: e.recorded,
    ...e.kind === "bp" ? {
      component: spec.measures.map((m) => ({
        code: { coding: [{ system: LOINC, code: m.component?.code, display: m.component?.display }] },
        valueQuantity: quantity(values[m.field], spec.unit, spec.unitText)
      }))
    } : { valueQuantity: quantity(e.value, spec.unit, spec.unitText) }
  };
}
function quantity(value, unit, unitText = unit) {
  return unit === void 0 ? { value } : { value, unit: unitText, system: UCUM2, code: unit };
}
function codeable(c) {
  return c.system === void 0 ? { text: c.text } : { coding: [{ system: c.system, code: c.code, display: c.text }], text: c.text };
}
function category(code) {
  return { coding: [{ system: OBSERVATION_CATEGORY, code }] };
}
function compact(o) {
  for (const k of Object.keys(o))
    if (o[k] === void 0)
      delete o[k];
  return o;
}

// packages/notebook/dist/fhir-import.js
var import_debug3 = __toESM(require_src(), 1);

// packages/notebook/dist/fhir-read.js
function bundleError(path, message) {
  return new NotebookError("ERR_BAD_BUNDLE", `Bad bundle at ${path}: ${message}`, { path });
}
function child2(path, key) {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}
function obj(value, path) {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bundleError(path, `expected an object but found ${shown(value)}.`);
  return value;
}
function arr(value, path) {
  if (!Array.isArray(value))
    throw bundleError(path, `expected an array but found ${shown(value)}.`);
  return value;
}
function text2(value, path) {
  if (typeof value !== "string" || value === "")
    throw bundleError(path, `expected a non-empty string but found ${shown(value)}.`);
  return value;
}
function num(value, path) {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw bundleError(path, `expected a number but found ${shown(value)}.`);
  return value;
}
function optObj(o, key, path) {
  return o[key] === void 0 ? void 0 : obj(o[key], child2(path, key));
}
function optObjs(o, key, path) {
  return o[key] === void 0 ? [] : arr(o[key], child2(path, key)).map((v, i) => obj(v, child2(child2(path, key), i)));
}
function optText(o, key, path) {
  return o[key] === void 0 ? void 0 : text2(o[key], child2(path, key));
}
function shown(value) {
  if (value === void 0)
    return "nothing";
  if (Array.isArray(value))
    return "an array";
  if (typeof value === "object" && value !== null)
    return "an object";
  const s = JSON.stringify(value);
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

// packages/notebook/dist/fhir-import.js
var log3 = (0, import_debug3.default)("techo:notebook:import");
var BUNDLE_TYPES = ["document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"];
var NI_SHA256 = /^ni:\/\/\/sha-256;([A-Za-z0-9_-]{43})$/;
var STATEMENT_STATUS = {
  active: "active",
  "on-hold": "on-hold",
  cancelled: "stopped",
  completed: "completed",
  stopped: "stopped",
  draft: "intended",
  unknown: "unknown"
};
var MAPPERS = /* @__PURE__ */ new Map([
  ["Observation", observation],
  ["AllergyIntolerance", allergy],
  ["Condition", condition],
  ["MedicationRequest", medicationRequest],
  ["MedicationStatement", medicationStatement],
  ["DocumentReference", documentReference]
]);
var RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
function importFhirBundle(nb, input) {
  const bundle = obj(input, "(root)");
  if (bundle.resourceType !== "Bundle") {
    throw bundleError("resourceType", `expected "Bundle" but found ${JSON.stringify(bundle.resourceType) ?? "nothing"}; this is not a FHIR Bundle.`);
  }
  const type = text2(bundle.type, "type");
  if (!BUNDLE_TYPES.includes(type))
    throw bundleError("type", `${JSON.stringify(type)} is not a FHIR Bundle type.`);
  const identifier = optObj(bundle, "identifier", "");
  const ours = identifier !== void 0 && optText(identifier, "system", "identifier") === TECHO_NOTEBOOK;
  const entries = bundle.entry === void 0 ? [] : arr(bundle.entry, "entry");
  const now = nb.now().getTime();
  const report = { added: {}, existing: 0, skipped: {} };
  const planned = /* @__PURE__ */ new Map();
  entries.forEach((raw, i) => {
    const ep = child2("entry", i);
    const entry = obj(raw, ep);
    const rp = child2(ep, "resource");
    const resource = obj(entry.resource, rp);
    const resourceType = text2(resource.resourceType, child2(rp, "resourceType"));
    if (!RESOURCE_TYPE.test(resourceType))
      throw bundleError(child2(rp, "resourceType"), `${JSON.stringify(resourceType)} is not a FHIR resource type.`);
    const data = MAPPERS.get(resourceType)?.(resource, rp, now);
    if (data === void 0) {
      report.skipped[resourceType] = (report.skipped[resourceType] ?? 0) + 1;
      return;
    }
    const resourceId = optText(resource, "id", rp);
    const id = ours && resourceId !== void 0 && ENTRY_ID.test(resourceId) ? resourceId : derivedEntryId("import", `${resourceType}/${resourceId ?? optText(entry, "fullUrl", ep) ?? JSON.stringify(resource)}`);
    if (planned.has(id) || nb.get(id) !== void 0) {
      report.existing++;
      return;
    }
    planned.set(id, data);
    const key = data.type === "vital" ? data.kind : data.type;
    report.added[key] = (report.added[key] ?? 0) + 1;
  });
  nb.batch(() => {
    for (const [id, data] of planned)
      addValidated(nb, data, id);
  });
  log3("imported %d entries (%d already present)", planned.size, report.existing);
  return report;
}
function observation(r, p, now) {
  const status = optText(r, "status", p);
  if (status === "entered-in-error" || status === "cancelled")
    return skip(p, `its status is ${status}`);
  const cp = child2(p, "code");
  const codeObj = obj(r.code, cp);
  const code = concept2(codeObj, cp);
  const loinc = codings(codeObj, cp).filter((c) => c.system === LOINC).map((c) => c.code);
  const time3 = firstTime(r, p, [["effectiveDateTime"], ["effectiveInstant"], ["effectivePeriod", "start"], ["issued"]]);
  if (time3 === void 0)
    return skip(p, "it has no time");
  const paths = { at: time3.path, code: cp };
  const components = optObjs(r, "component", p);
  if (loinc.includes(VITALS.bp.code) && components.length > 0)
    return bloodPressure(components, child2(p, "component"), time3, now, p);
  const category2 = observationCategory(r, p);
  if (r.valueQuantity !== void 0) {
    const qp = child2(p, "valueQuantity");
    const q = obj(r.valueQuantity, qp);
    const value = num(q.value, child2(qp, "value"));
    const unit = ucumCode(q, qp);
    if (unit === null)
      return skip(p, "its unit is not a UCUM code");
    paths.value = child2(qp, "value");
    paths.unit = child2(qp, "code");
    const kind = unit === void 0 ? void 0 : loinc.map((c) => vitalKindOf(c, unit)).find((k) => k !== void 0);
    if (kind !== void 0)
      return validateVital({ kind, value, at: time3.value }, now, failAt(paths, p));
    return validateObservation({ code, value, unit, category: category2, at: time3.value }, now, failAt(paths, p));
  }
  if (r.valueCodeableConcept !== void 0) {
    const vp = child2(p, "valueCodeableConcept");
    paths.value = vp;
    return validateObservation({ code, value: concept2(obj(r.valueCodeableConcept, vp), vp), category: category2, at: time3.value }, now, failAt(paths, p));
  }
  return skip(p, "it has no numeric or coded value");
}
function bloodPressure(components, cp, time3, now, p) {
  const input = { kind: "bp", at: time3.value };
  const paths = { at: time3.path };
  for (const m of VITALS.bp.measures) {
    const code = m.component?.code;
    const i = components.findIndex((c, j) => codings(obj(c.code, child2(child2(cp, j), "code")), child2(child2(cp, j), "code")).some((x) => x.system === LOINC && x.code === code));
    if (i < 0)
      throw bundleError(cp, `the blood pressure panel has no ${m.label.toLowerCase()} (${code ?? ""}) component.`);
    const qp = child2(child2(cp, i), "valueQuantity");
    const q = obj(components[i].valueQuantity, qp);
    input[m.field] = num(q.value, child2(qp, "value"));
    paths[m.field] = child2(qp, "value");
    const unit = ucumCode(q, qp);
    if (unit !== VITALS.bp.unit) {
      input.unit = unit ?? q.unit ?? "none";
      paths.unit = child2(qp, "code");
    }
  }
  return validateVital(input, now, failAt(paths, p));
}
function allergy(r, p, now) {
  if (refuted(r, p))
    return skip(p, "it was refuted or entered in error");
  if (r.code === void 0)
    return skip(p, "it names no substance");
  const reactions = optObjs(r, "reaction", p).flatMap((x, i) => {
    const rp = child2(child2(p, "reaction"), i);
    return optObjs(x, "manifestation", rp).map((m, j) => concept2(m, child2(child2(rp, "manifestation"), j)).text);
  });
  const category2 = r.category === void 0 ? void 0 : arr(r.category, child2(p, "category"))[0];
  const status = statusCode(r, "clinicalStatus", p);
  const time3 = firstTime(r, p, [["onsetDateTime"], ["recordedDate"]]);
  const input = {
    code: concept2(obj(r.code, child2(p, "code")), child2(p, "code")),
    status: status?.value,
    category: category2,
    criticality: r.criticality,
    reaction: reactions.length === 0 ? void 0 : [...new Set(reactions)].join(", "),
    at: time3?.value
  };
  const paths = {
    code: child2(p, "code"),
    status: status?.path,
    category: child2(child2(p, "category"), 0),
    criticality: child2(p, "criticality"),
    reaction: child2(p, "reaction"),
    at: time3?.path
  };
  return validateAllergy(input, now, failAt(paths, p));
}
function condition(r, p, now) {
  if (refuted(r, p))
    return skip(p, "it was refuted or entered in error");
  if (r.code === void 0)
    return skip(p, "it names no condition");
  const status = statusCode(r, "clinicalStatus", p);
  const time3 = firstTime(r, p, [["onsetDateTime"], ["onsetPeriod", "start"], ["recordedDate"]]);
  const abated = firstTime(r, p, [["abatementDateTime"], ["abatementPeriod", "end"]]);
  const input = {
    code: concept2(obj(r.code, child2(p, "code")), child2(p, "code")),
    status: status?.value ?? (abated === void 0 ? "active" : "resolved"),
    abated: abated?.value,
    at: time3?.value
  };
  return validateCondition(input, now, failAt({ code: child2(p, "code"), status: status?.path, abated: abated?.path, at: time3?.path }, p));
}
function medicationRequest(r, p, now) {
  const status = optText(r, "status", p);
  if (status === "entered-in-error")
    return skip(p, "it was entered in error");
  if (r.medicationCodeableConcept === void 0)
    return skip(p, "it names its medication only by reference");
  const mp = child2(p, "medicationCodeableConcept");
  const time3 = firstTime(r, p, [["authoredOn"]]);
  const input = {
    medication: concept2(obj(r.medicationCodeableConcept, mp), mp),
    status: status !== void 0 && Object.hasOwn(STATEMENT_STATUS, status) ? STATEMENT_STATUS[status] : status,
    dosage: dosageText(r, "dosageInstruction", p),
    at: time3?.value
  };
  return validateMedication(input, now, failAt({ medication: mp, status: child2(p, "status"), dosage: child2(p, "dosageInstruction"), at: time3?.path }, p));
}
function medicationStatement(r, p, now) {
  const status = optText(r, "status", p);
  if (status === "entered-in-error")
    return skip(p, "it was entered in error");
  if (r.medicationCodeableConcept === void 0)
    return skip(p, "it names its medication only by reference");
  const mp = child2(p, "medicationCodeableConcept");
  const time3 = firstTime(r, p, [["effectiveDateTime"], ["effectivePeriod", "start"], ["dateAsserted"]]);
  const until = firstTime(r, p, [["effectivePeriod", "end"]]);
  const input = {
    medication: concept2(obj(r.medicationCodeableConcept, mp), mp),
    status,
    dosage: dosageText(r, "dosage", p),
    until: until?.value,
    at: time3?.value
  };
  return validateMedication(input, now, failAt({ medication: mp, status: child2(p, "status"), dosage: child2(p, "dosage"), until: until?.path, at: time3?.path }, p));
}
function documentReference(r, p, now) {
  if (optText(r, "status", p) === "entered-in-error")
    return skip(p, "it was entered in error");
  const content = optObjs(r, "content", p);
  if (content.length === 0)
    return skip(p, "it has no content");
  const ap = child2(child2(child2(p, "content"), 0), "attachment");
  const a = obj(content[0].attachment, ap);
  const time3 = firstTime(r, p, [["context", "period", "start"], ["date"]]);
  const typeText = r.type === void 0 ? void 0 : concept2(obj(r.type, child2(p, "type")), child2(p, "type")).text;
  const title = optText(a, "title", ap) ?? optText(r, "description", p) ?? typeText;
  const contentType = optText(a, "contentType", ap);
  const paths = { at: time3?.path, title: child2(ap, "title"), contentType: child2(ap, "contentType"), text: child2(ap, "data"), size: child2(ap, "size"), sha256: child2(ap, "url") };
  if (a.data !== void 0) {
    const bytes = decodeBase64(text2(a.data, child2(ap, "data")), child2(ap, "data"));
    if (contentType?.toLowerCase().startsWith("text/plain") === true) {
      return validateNote({ text: decodeUtf8(bytes, child2(ap, "data")), title, at: time3?.value }, now, failAt(paths, p));
    }
    return validateDocument({ title: title ?? "Document", contentType, sha256: bytesToHex(sha256(bytes)), size: bytes.length, at: time3?.value }, now, failAt(paths, p));
  }
  const hash = NI_SHA256.exec(optText(a, "url", ap) ?? "")?.[1];
  if (hash === void 0)
    return skip(p, "it has neither inline data nor a SHA-256 content name");
  return validateDocument({ title: title ?? "Document", contentType, sha256: bytesToHex(base64urlnopad.decode(hash)), size: a.size, at: time3?.value }, now, failAt(paths, p));
}
function codings(cc, path) {
  return optObjs(cc, "coding", path).map((c, i) => {
    const cp = child2(child2(path, "coding"), i);
    return { system: optText(c, "system", cp), code: optText(c, "code", cp), display: optText(c, "display", cp) };
  });
}
function concept2(cc, path) {
  const cs = codings(cc, path);
  const first = cs.find((c) => c.system !== void 0 && c.code !== void 0);
  const t = optText(cc, "text", path) ?? first?.display ?? cs.find((c) => c.display !== void 0)?.display ?? first?.code;
  if (t === void 0)
    throw bundleError(path, "has neither text nor a coding with a display or code.");
  return first === void 0 ? { text: t } : { text: t, system: first.system, code: first.code };
}
function statusCode(r, key, p) {
  const cc = optObj(r, key, p);
  if (cc === void 0)
    return void 0;
  const code = codings(cc, child2(p, key))[0]?.code;
  return code === void 0 ? void 0 : { value: code, path: child2(child2(child2(child2(p, key), "coding"), 0), "code") };
}
function refuted(r, p) {
  const v = statusCode(r, "verificationStatus", p)?.value;
  return v === "entered-in-error" || v === "refuted";
}
function firstTime(r, p, candidates) {
  for (const keys of candidates) {
    let o = r;
    let path = p;
    for (const key of keys.slice(0, -1)) {
      o = optObj(o, key, path);
      path = child2(path, key);
      if (o === void 0)
        break;
    }
    const last = keys[keys.length - 1];
    if (o?.[last] !== void 0)
      return { value: text2(o[last], child2(path, last)), path: child2(path, last) };
  }
  return void 0;
}
function observationCategory(r, p) {
  const codes = optObjs(r, "category", p).flatMap((c, i) => codings(c, child2(child2(p, "category"), i)));
  return codes.find((c) => c.system === OBSERVATION_CATEGORY && OBSERVATION_CATEGORIES.includes(c.code ?? ""))?.code;
}
function ucumCode(q, qp) {
  const system = optText(q, "system", qp);
  const code = optText(q, "code", qp);
  if (system === UCUM2 && code !== void 0)
    return code;
  return system === void 0 && code === void 0 && optText(q, "unit", qp) === void 0 ? void 0 : null;
}
function dosageText(r, key, p) {
  const first = optObjs(r, key, p)[0];
  return first === void 0 ? void 0 : optText(first, "text", child2(child2(p, key), 0));
}
function decodeBase64(data, path) {
  try {
    return base64.decode(data);
  } catch {
    throw bundleError(path, "is not valid base64.");
  }
}
function decodeUtf8(bytes, path) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw bundleError(path, "is not UTF-8 text.");
  }
}
function failAt(paths, base) {
  return (field, message) => {
    throw bundleError(paths[field] ?? paths[field.split(".")[0]] ?? base, message);
  };
}
function skip(path, reason) {
  log3("skipping %s: %s", path, reason);
  return void 0;
}

export {
  NotebookError,
  SCHEMA_VERSION,
  VITAL_KINDS,
  VITALS,
  Notebook,
  parseVital,
  digest,
  exportFhirBundle,
  importFhirBundle
};
