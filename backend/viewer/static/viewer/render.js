// The record as the page shows it: a patient header, then one table per section, each row
// ending with where it came from. Coded values show our translation above the sender's own
// words, which are always kept.
import { el, narrativeText } from "./dom.js";
import { SECTION_ORDER, dateOnly } from "./ips.js";
import { describe, text } from "./terminology.js";

const pick = (...values) => values.find((v) => v !== undefined && v !== null && v !== "") ?? null;

// Per section: [column heading key, cell(row)]. A cell is a described concept, a string,
// an array of those, or null (shown as a dash).
const COLUMNS = {
  allergies: [
    ["col_substance", (r, c) => c.term(r.resource.code)],
    ["col_criticality", (r, c) => (r.resource.criticality ? c.t(`crit_${r.resource.criticality}`) : null)],
    ["col_reaction", (r, c) => (r.resource.reaction || []).flatMap((x) => x?.manifestation || []).map((m) => c.term(m))],
    ["col_status", (r, c) => c.status(r.resource.clinicalStatus)],
    ["col_since", (r, c) => c.date(pick(r.resource.onsetDateTime, r.resource.onsetPeriod?.start, r.resource.recordedDate))],
  ],
  medications: [
    ["col_medication", (r, c) => c.term(r.medication)],
    ["col_dose", (r) => dose(r.resource)],
    ["col_status", (r, c) => c.status(r.resource.status)],
    ["col_since", (r, c) => c.date(pick(r.resource.effectiveDateTime, r.resource.effectivePeriod?.start, r.resource.authoredOn, r.resource.dateAsserted))],
  ],
  problems: [
    ["col_problem", (r, c) => c.term(r.resource.code)],
    ["col_status", (r, c) => c.status(r.resource.clinicalStatus)],
    ["col_since", (r, c) => c.date(pick(r.resource.onsetDateTime, r.resource.onsetPeriod?.start, r.resource.recordedDate))],
  ],
  results: [
    ["col_test", (r, c) => c.term(r.resource.code)],
    ["col_value", (r, c) => value(r.resource, c)],
    ["col_range", (r) => range(r.resource.referenceRange?.[0])],
    ["col_date", (r, c) => c.date(pick(r.resource.effectiveDateTime, r.resource.effectivePeriod?.start, r.resource.issued))],
  ],
  immunizations: [
    ["col_vaccine", (r, c) => c.term(r.resource.vaccineCode)],
    ["col_date", (r, c) => c.date(pick(r.resource.occurrenceDateTime, r.resource.occurrenceString))],
    ["col_status", (r, c) => c.status(r.resource.status)],
  ],
  procedures: [
    ["col_procedure", (r, c) => c.term(r.resource.code)],
    ["col_date", (r, c) => c.date(pick(r.resource.performedDateTime, r.resource.performedPeriod?.start))],
    ["col_status", (r, c) => c.status(r.resource.status)],
  ],
  other: [
    ["col_item", (r, c) => c.term(pick(r.resource.code, r.resource.vaccineCode, r.medication, r.resource.type))],
    ["col_date", (r, c) => c.date(pick(r.resource.effectiveDateTime, r.resource.occurrenceDateTime, r.resource.performedDateTime, r.resource.recordedDate))],
    ["col_status", (r, c) => c.status(pick(r.resource.clinicalStatus, r.resource.status))],
  ],
};

export function renderRecord(model, { t, terms, language, label }) {
  const c = cellHelpers(t, terms, language);
  const keys = [...SECTION_ORDER, ...[...model.sections.keys()].filter((k) => !SECTION_ORDER.includes(k))];
  return el("div", {},
    patientHeader(model, c, label),
    keys.map((key) => section(model.sections.get(key), c)).filter(Boolean),
  );
}

function patientHeader(model, c, label) {
  const p = model.patient || {};
  const facts = [
    [c.t("born"), p.birthDate ? `${c.date(p.birthDate)}${age(p.birthDate) !== null ? ` · ${c.t("years", { n: age(p.birthDate) })}` : ""}` : "—"],
    [c.t("sex"), p.gender ? c.t(["male", "female", "other"].includes(p.gender) ? p.gender : "unknown") : "—"],
    [c.t("issued"), model.issued ? c.date(model.issued) : "—"],
  ];
  const now = new Date(); // the reader's own calendar day, not UTC's
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  return el("section", { class: "patient", "aria-label": c.t("page_title") },
    // On paper the page's bar is gone: say what this is and when it was opened.
    el("p", { class: "print-head" }, `PocketChart · ${c.t("page_title")} · ${c.t("decrypted_at")} ${c.date(today)}`),
    el("div", { class: "patient-name" }, el("h1", { id: "patient-name" }, p.name || "—")),
    el("dl", { class: "facts" }, facts.map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, v)))),
    label ? el("p", { class: "link-label" }, c.t("shared_as", { label })) : null,
  );
}

function section(sec, c) {
  if (!sec) return null;
  const known = sec.key in COLUMNS;
  const title = text(c.terms, "sections", sec.key) || sec.title || c.t("other_section");
  const columns = [...(COLUMNS[sec.key] || COLUMNS.other), ["col_source", (r) => (r.sources.length ? r.sources : null)]];
  const body = sec.rows.length
    ? el("table", { class: "rows" },
        el("thead", {}, el("tr", {}, columns.map(([key]) => el("th", { scope: "col" }, c.t(key))))),
        el("tbody", {}, sec.rows.map((row) => el("tr", {}, columns.map(([key, cell]) => el("td", { "data-col": key }, cellNode(cell(row, c))))))))
    : el("p", { class: "empty" }, emptyText(sec, c));
  const narratives = sec.narratives.map(narrativeText).filter(Boolean);
  return el("section", { class: `section${sec.key === "allergies" ? " warning" : ""}`, "data-section": known ? sec.key : "other" },
    el("h2", {}, title),
    body,
    narratives.length
      ? el("details", { class: "narrative" }, el("summary", {}, c.t("narrative")), narratives.map((n) => el("div", { class: "narrative-text" }, n)))
      : null,
  );
}

function emptyText(sec, c) {
  const reason = sec.emptyReason ? c.term(sec.emptyReason) : null;
  const none = text(c.terms, "labels", "no_information");
  return reason && reason.original && reason.original !== "unavailable" ? `${none} (${reason.translation || reason.original})` : none;
}

function cellNode(value) {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return el("span", { class: "none" }, "—");
  if (Array.isArray(value)) return el("ul", { class: "cell-list" }, value.map((v) => el("li", {}, cellNode(v))));
  if (typeof value === "object") return termNode(value);
  return String(value);
}

function termNode(term) {
  if (!term.translation) {
    return el("span", { class: "term" }, el("span", { class: "term-main" }, term.original), term.labels.length ? el("span", { class: "term-note" }, term.labels.join(" · ")) : null);
  }
  return el("span", { class: "term" },
    el("span", { class: "term-main" }, term.translation),
    el("span", { class: "term-original" }, term.original),
    term.labels.length ? el("span", { class: "term-note" }, term.labels.join(" · ")) : null,
  );
}

function cellHelpers(t, terms, language) {
  return {
    t,
    terms,
    term: (concept) => (concept ? describe(concept, terms) : null),
    status: (status) => {
      const code = typeof status === "string" ? status : status?.coding?.[0]?.code || status?.text;
      return code ? text(terms, "statuses", code) || code : null;
    },
    date: (value) => formatDate(value, language),
  };
}

export function formatDate(value, language) {
  const date = dateOnly(value);
  if (!date) return typeof value === "string" ? value : null;
  const [y, m, d] = date.split("-").map(Number);
  const options = m ? (d ? { year: "numeric", month: "short", day: "numeric" } : { year: "numeric", month: "short" }) : { year: "numeric" };
  // UTC in and UTC out: the calendar date stays the one the sender wrote.
  return new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" }).format(Date.UTC(y, (m || 1) - 1, d || 1));
}

function age(birthDate) {
  const [y, m, d] = birthDate.split("-").map(Number);
  if (!m || !d) return null;
  const now = new Date();
  let years = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) years -= 1;
  return years >= 0 ? years : null;
}

function dose(resource) {
  const dosage = (resource.dosage || resource.dosageInstruction || [])[0];
  if (!dosage) return null;
  if (typeof dosage.text === "string" && dosage.text.trim()) return dosage.text.trim();
  const amount = dosage.doseAndRate?.[0]?.doseQuantity;
  const repeat = dosage.timing?.repeat;
  const parts = [];
  if (amount?.value !== undefined) parts.push(`${amount.value} ${amount.unit || amount.code || ""}`.trim());
  if (repeat?.frequency && repeat?.period) parts.push(`${repeat.frequency}× / ${repeat.period} ${repeat.periodUnit || ""}`.trim());
  const code = dosage.timing?.code?.text || dosage.timing?.code?.coding?.[0]?.display;
  if (code) parts.push(code);
  return parts.join(" · ") || null;
}

function quantity(q) {
  if (!q || q.value === undefined) return null;
  return `${q.comparator || ""}${q.value} ${q.unit || q.code || ""}`.trim();
}

function value(resource, c) {
  const main = pick(
    quantity(resource.valueQuantity),
    resource.valueCodeableConcept ? c.term(resource.valueCodeableConcept) : null,
    resource.valueString,
    typeof resource.valueBoolean === "boolean" ? String(resource.valueBoolean) : null,
    resource.valueInteger !== undefined ? String(resource.valueInteger) : null,
    resource.conclusion,
  );
  const parts = (resource.component || []).map((comp) => {
    const name = c.term(comp.code);
    const v = quantity(comp.valueQuantity) || comp.valueString || comp.valueCodeableConcept?.text;
    return name && v ? `${name.translation || name.original}: ${v}` : null;
  }).filter(Boolean);
  const flag = resource.interpretation?.[0]?.coding?.[0]?.code;
  const shown = main ?? (parts.length ? parts : null);
  if (shown === null) return null;
  return flag && typeof shown === "string" ? `${shown} (${flag})` : shown;
}

function range(r) {
  if (!r) return null;
  if (typeof r.text === "string" && r.text.trim()) return r.text.trim();
  const low = quantity(r.low), high = quantity(r.high);
  return low || high ? `${low || ""} – ${high || ""}`.trim() : null;
}
