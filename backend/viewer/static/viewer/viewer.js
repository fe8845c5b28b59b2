// The viewer's entry point: take the link out of the address bar, ask who is opening it
// (and the passcode), open it, and show the record in the chosen language.
import { ViewerError } from "./errors.js";
import { LANGUAGES, preferredLanguage, translator } from "./i18n.js";
import { buildModel } from "./ips.js";
import { decodePayload, linkFromFragment } from "./link.js";
import { renderRecord } from "./render.js";
import { openLink } from "./shl.js";
import { loadTerms } from "./terminology.js";

const $ = (id) => document.getElementById(id);
const state = { language: "en", t: translator("en"), link: null, model: null, skipped: 0 };

// Before anything else: the fragment holds the decryption key. Keep it in memory only and
// take it out of the address bar and this history entry, so it is not left for the next
// person at this computer (or a screenshot) to find.
const encoded = linkFromFragment(location.hash);
if (location.hash) history.replaceState(null, "", location.pathname + location.search);

function setLanguage(language) {
  state.language = LANGUAGES.includes(language) ? language : "en";
  state.t = translator(state.language);
  document.documentElement.lang = state.language;
  $("language").value = state.language;
  document.title = `PocketChart · ${state.t("page_title")}`;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = state.t(node.dataset.t);
  if (state.link?.label) $("link-label").textContent = state.t("shared_as", { label: state.link.label });
}

function notice(code, params = {}) {
  const box = $("notice");
  box.dataset.code = code;
  box.dataset.params = JSON.stringify(params);
  box.textContent = state.t(code, params);
  box.hidden = false;
}

function formError(code, params = {}) {
  const box = $("form-error");
  box.dataset.code = code;
  box.dataset.params = JSON.stringify(params);
  box.textContent = state.t(code, params);
  box.hidden = !code;
}

function refreshMessages() {
  for (const box of [$("notice"), $("form-error")]) {
    if (!box.hidden && box.dataset.code) box.textContent = state.t(box.dataset.code, JSON.parse(box.dataset.params || "{}"));
  }
}

function stop(code, params) {
  $("opener").hidden = true;
  notice(code, params);
}

function secureEnough() {
  return window.isSecureContext && Boolean(globalThis.crypto?.subtle) && typeof DecompressionStream === "function";
}

function prepare() {
  if (!secureEnough()) return stop("insecure");
  if (!encoded) return stop("no_link");
  try {
    state.link = decodePayload(encoded);
  } catch {
    return stop("bad_link");
  }
  const target = new URL(state.link.url);
  const allowed = [location.origin, document.documentElement.dataset.apiOrigin];
  if (!allowed.includes(target.origin)) return stop("other_server", { host: target.host });
  if (state.link.exp !== null && state.link.exp * 1000 <= Date.now()) return stop("expired");
  $("link-label").hidden = !state.link.label;
  setLanguage(state.language);
  $("passcode-field").hidden = !state.link.flag.includes("P");
  $("opener").hidden = false;
  $("recipient").focus();
}

async function submit(event) {
  event.preventDefault();
  const recipient = $("recipient").value.trim();
  const passcode = $("passcode").value;
  if (!recipient) return formError("name_needed");
  if (state.link.flag.includes("P") && !passcode) return formError("passcode_needed");
  formError("");
  const button = $("open");
  button.disabled = true;
  button.textContent = state.t("opening");
  try {
    await show(await openLink(state.link, { recipient, passcode }));
  } catch (error) {
    failed(error);
  } finally {
    button.textContent = state.t("open_button");
    if (!button.dataset.waiting) button.disabled = false;
  }
}

function failed(error) {
  const code = error instanceof ViewerError ? error.code : "server";
  if (code === "gone" && state.link.exp !== null && state.link.exp * 1000 <= Date.now()) return stop("expired");
  if (["gone", "locked", "expired"].includes(code)) return stop(code, error.params);
  if (code === "wrong_passcode") {
    $("passcode").value = "";
    $("passcode").focus();
  }
  if (code === "rate_limited") holdButton(error.params.n);
  formError(code, error.params || {});
}

function holdButton(seconds) {
  const button = $("open");
  button.dataset.waiting = "1";
  setTimeout(() => {
    delete button.dataset.waiting;
    button.disabled = false;
  }, seconds * 1000);
}

async function show(files) {
  const bundles = [];
  for (const file of files) {
    const parsed = file.contentType === "application/fhir+json" || file.contentType === "application/json" ? parseBundle(file.bytes) : null;
    if (parsed) bundles.push(parsed);
    else state.skipped += 1;
  }
  if (!bundles.length) throw new ViewerError("unreadable");
  state.model = buildModel(bundles);
  $("opener").hidden = true;
  await render();
  $("print").hidden = false;
}

function parseBundle(bytes) {
  try {
    const json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return json?.resourceType === "Bundle" ? json : null;
  } catch {
    return null;
  }
}

async function render() {
  const language = state.language;
  const terms = await loadTerms(language);
  if (language !== state.language) return; // a newer choice is already rendering
  const record = $("record");
  record.replaceChildren(renderRecord(state.model, { t: state.t, terms, language, label: state.link.label }));
  if (state.skipped) record.append(Object.assign(document.createElement("p"), { className: "skipped", textContent: state.t("not_shown", { n: state.skipped }) }));
  record.hidden = false;
  $("foot").hidden = false;
  document.body.dataset.state = "shown";
}

$("language").addEventListener("change", async (event) => {
  setLanguage(event.target.value);
  refreshMessages();
  if (state.model) await render();
});
$("print").addEventListener("click", () => window.print());
$("open-form").addEventListener("submit", submit);

setLanguage(preferredLanguage(navigator.languages));
prepare();
document.body.dataset.ready = "1";
