import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// node/dist/cli/describe.js
function entryWhat(e, vitals) {
  switch (e.type) {
    case "vital":
      return vitals[e.kind].label;
    case "observation":
      return e.code.text;
    case "allergy":
      return "Allergy";
    case "condition":
      return "Condition";
    case "medication":
      return "Medication";
    case "note":
      return "Note";
    case "document":
      return "Document";
    case "consent":
      return "Consent";
  }
}
function entryValue(e, vitals) {
  switch (e.type) {
    case "vital": {
      const unit = vitals[e.kind].unitText;
      return e.kind === "bp" ? `${e.systolic}/${e.diastolic} ${unit}` : `${e.value} ${unit}`.trimEnd();
    }
    case "observation":
      return typeof e.value === "number" ? `${e.value} ${e.unit ?? ""}`.trimEnd() : e.value.text;
    case "allergy":
      return e.code.text + (e.criticality === void 0 ? "" : ` (${e.criticality} criticality)`);
    case "condition":
      return `${e.code.text} (${e.status})`;
    case "medication":
      return e.medication.text + (e.dosage === void 0 ? "" : `, ${e.dosage}`) + ` (${e.status})`;
    case "note":
      return e.title ?? firstWords(e.text);
    case "document":
      return `${e.title} (${e.contentType}, ${e.size} bytes)`;
    case "consent":
      return `${e.scope} access for clinic ${e.clinic} until ${e.expires} (${e.status})`;
  }
}
function describeEntry(e, vitals) {
  return `${entryWhat(e, vitals).toLowerCase()} ${entryValue(e, vitals)} at ${e.at}`;
}
function firstWords(text) {
  const line = text.split("\n")[0] ?? "";
  return line.length > 48 ? line.slice(0, 47) + "\u2026" : line;
}

export {
  entryWhat,
  entryValue,
  describeEntry
};
