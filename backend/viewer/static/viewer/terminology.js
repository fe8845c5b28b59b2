// Coded values in the reader's language, from the static tables served with the page
// (terminology/<lang>.json, generated from shared/terminology). No code is ever sent to a
// server. Mirrors shared/terminology/display.py: the sender's words are always kept, and a
// translation says when it is unreviewed or when no table had the language.
const cache = new Map();

export function loadTerms(language) {
  if (!cache.has(language)) {
    const url = new URL(`terminology/${language}.json`, import.meta.url);
    const loading = fetch(url, { credentials: "omit", referrerPolicy: "no-referrer" }).then((r) => {
      if (!r.ok) throw new Error(`terminology ${language}: ${r.status}`);
      return r.json();
    });
    loading.catch(() => cache.delete(language)); // a failed load may be retried later
    cache.set(language, loading);
  }
  return cache.get(language);
}

// shared.terminology.systems.normalise_system and tables.code_key, driven by the table's data.
function codeKey(terms, system, code) {
  const rules = terms.normalise;
  const key = system.trim().replace(/\/+$/, "").toLowerCase();
  let canonical = rules.aliases[key];
  if (!canonical) {
    canonical = rules.snomedEditionPrefixes.some((p) => key.startsWith(p)) ? rules.snomed : system.trim();
  }
  let value = code.trim();
  if (rules.dotlessUpper.includes(canonical)) value = value.replace(/\./g, "").toUpperCase();
  else if (rules.upper.includes(canonical)) value = value.toUpperCase();
  return [canonical, value];
}

function lookup(terms, system, code) {
  const [canonical, value] = codeKey(terms, system, code);
  const found = terms.codes[canonical]?.[value];
  return found ? { text: found[0], reviewed: found[1] === 1, fallback: found[2] || null } : null;
}

const nonEmpty = (value) => (typeof value === "string" && value.trim() ? value.trim() : null);

// A CodeableConcept (or a bare Coding) → { original, translation, labels }.
export function describe(concept, terms) {
  if (!concept || typeof concept !== "object") return null;
  const codings = Array.isArray(concept.coding) ? concept.coding.filter((c) => c && typeof c === "object") : [concept];
  const text = nonEmpty(concept.text);
  for (const coding of codings) {
    if (typeof coding.system !== "string" || typeof coding.code !== "string") continue;
    const found = lookup(terms, coding.system, coding.code);
    if (found) return translated(original(coding, text), found, terms);
  }
  const first = original(codings[0] || {}, text);
  return first ? { original: first, translation: null, labels: [terms.labels.notTranslated] } : null;
}

function original(coding, text) {
  return nonEmpty(coding.display) || text || nonEmpty(coding.code) || "";
}

function translated(originalText, found, terms) {
  const repeats = found.text.trim().toLowerCase() === originalText.trim().toLowerCase();
  const labels = [];
  if (found.fallback) labels.push(terms.labels.notTranslated);
  if (!found.reviewed && !repeats) labels.push(terms.labels.unreviewed);
  return { original: originalText, translation: repeats ? null : found.text, labels };
}

// Fixed texts: section titles, "no information", statuses (records' reading labels).
export function text(terms, group, key) {
  return terms.texts[group]?.[key] ?? null;
}
