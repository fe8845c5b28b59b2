// FHIR Bundles (an IPS document, or a collection of chosen records) → one plain model the
// page renders: the patient, the issuing date, and rows per section with their sources.
// Language-free, so switching language re-renders without decrypting anything again.
export const SECTION_ORDER = ["allergies", "medications", "problems", "results", "immunizations", "procedures"];

// IPS 2.0 section LOINC codes → the keys records' reading labels name them by.
const BY_LOINC = {
  "48765-2": "allergies",
  "10160-0": "medications",
  "11450-4": "problems",
  "30954-2": "results",
  "11369-6": "immunizations",
  "47519-4": "procedures",
  "46264-8": "devices",
  "8716-3": "vital-signs",
  "18776-5": "plan-of-care",
};
const BY_TYPE = {
  AllergyIntolerance: "allergies",
  MedicationStatement: "medications",
  MedicationRequest: "medications",
  MedicationAdministration: "medications",
  MedicationDispense: "medications",
  Condition: "problems",
  Observation: "results",
  DiagnosticReport: "results",
  Immunization: "immunizations",
  Procedure: "procedures",
  DeviceUseStatement: "devices",
};
const SOURCE_FIELDS = ["recorder", "asserter", "performer", "informationSource", "requester", "reportedReference", "author"];

export function buildModel(bundles) {
  const model = { patient: null, issued: null, sections: new Map(), seen: new Set() };
  for (const key of SECTION_ORDER) model.sections.set(key, emptySection(key));
  for (const bundle of bundles) addBundle(model, bundle);
  return model;
}

function emptySection(key, title = null) {
  return { key, title, rows: [], narratives: [], emptyReason: null };
}

function addBundle(model, bundle) {
  const index = indexOf(bundle);
  const resources = index.all;
  const patient = resources.find((r) => r.resourceType === "Patient");
  if (patient && !model.patient) model.patient = patientOf(patient);
  const composition = resources.find((r) => r.resourceType === "Composition");
  model.issued ??= dateOnly(composition?.date) || dateOnly(bundle.timestamp);
  const sources = sourcesOf(resources, index);
  const placed = new Set();
  for (const section of composition?.section || []) {
    const key = sectionKey(section);
    const target = model.sections.get(key) || model.sections.set(key, emptySection(key, section.title)).get(key);
    if (typeof section.text?.div === "string") target.narratives.push(section.text.div);
    if (section.emptyReason) target.emptyReason = section.emptyReason;
    for (const ref of section.entry || []) {
      const found = index.resolve(ref?.reference);
      if (found) {
        placed.add(found);
        addRow(model, target, found, sources, index);
      }
    }
  }
  // A collection has no Composition: its records are filed by resource type.
  for (const resource of resources) {
    const key = BY_TYPE[resource.resourceType];
    if (!key || placed.has(resource) || composition) continue;
    const target = model.sections.get(key) || model.sections.set(key, emptySection(key)).get(key);
    addRow(model, target, resource, sources, index);
  }
}

function sectionKey(section) {
  const codes = (section.code?.coding || []).map((c) => c?.code);
  const known = codes.map((c) => BY_LOINC[c]).find(Boolean);
  return known || `other:${codes[0] || section.title || "section"}`;
}

function addRow(model, section, resource, sources, index) {
  // The same record may arrive in the summary and in a chosen-records file: show it once.
  const { id, ...content } = resource;
  const fingerprint = JSON.stringify(content);
  if (model.seen.has(fingerprint)) return;
  model.seen.add(fingerprint);
  section.rows.push({ resource, medication: medicationOf(resource, index), sources: sources.get(resource) || itemSources(resource, index) });
}

function indexOf(bundle) {
  const byUrl = new Map();
  const all = [];
  for (const entry of Array.isArray(bundle?.entry) ? bundle.entry : []) {
    const resource = entry?.resource;
    if (!resource || typeof resource !== "object") continue;
    all.push(resource);
    if (typeof entry.fullUrl === "string") byUrl.set(entry.fullUrl, resource);
    if (resource.id) byUrl.set(`${resource.resourceType}/${resource.id}`, resource);
  }
  const resolve = (reference) => {
    if (typeof reference !== "string") return null;
    if (byUrl.has(reference)) return byUrl.get(reference);
    const tail = reference.split("/").slice(-2).join("/"); // absolute URL of a Type/id
    return byUrl.get(tail) || null;
  };
  return { all, resolve };
}

// Provenance (PocketChart's IPS names every hospital a merged item came from).
function sourcesOf(resources, index) {
  const found = new Map();
  for (const provenance of resources.filter((r) => r.resourceType === "Provenance")) {
    const names = (provenance.agent || []).map((a) => nameOf(a?.who, index)).filter(Boolean);
    for (const target of provenance.target || []) {
      const resource = index.resolve(target?.reference);
      if (resource && names.length) found.set(resource, unique([...(found.get(resource) || []), ...names]));
    }
  }
  return found;
}

function itemSources(resource, index) {
  const names = [];
  for (const field of SOURCE_FIELDS) {
    const values = Array.isArray(resource[field]) ? resource[field] : [resource[field]];
    for (const value of values) names.push(nameOf(value?.actor || value, index));
  }
  return unique(names.filter(Boolean));
}

function nameOf(reference, index) {
  if (!reference || typeof reference !== "object") return null;
  const target = index.resolve(reference.reference);
  return (target && (target.name && (typeof target.name === "string" ? target.name : humanName(target.name)))) ||
    (typeof reference.display === "string" ? reference.display : null);
}

function medicationOf(resource, index) {
  if (resource.medicationCodeableConcept) return resource.medicationCodeableConcept;
  const medication = index.resolve(resource.medicationReference?.reference);
  if (medication?.code) return medication.code;
  const display = resource.medicationReference?.display;
  return typeof display === "string" ? { text: display } : null;
}

function patientOf(patient) {
  return { name: humanName(patient.name), birthDate: dateOnly(patient.birthDate), gender: patient.gender || null };
}

export function humanName(names) {
  if (!Array.isArray(names) || !names.length) return null;
  const name = names.find((n) => n?.use === "official") || names[0];
  if (typeof name?.text === "string" && name.text.trim()) return name.text.trim();
  const parts = [...(name?.prefix || []), ...(name?.given || []), name?.family].filter((p) => typeof p === "string" && p);
  return parts.join(" ") || null;
}

// The date as the sender wrote it: a FHIR date is a calendar date, never shifted through UTC.
export function dateOnly(value) {
  return typeof value === "string" && /^\d{4}(-\d{2}(-\d{2})?)?/.test(value) ? value.match(/^\d{4}(-\d{2}(-\d{2})?)?/)[0] : null;
}

const unique = (items) => [...new Set(items)];
