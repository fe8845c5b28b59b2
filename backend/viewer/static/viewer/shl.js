// The SMART Health Links protocol from the recipient's side: the manifest, then each file.
// Every request omits credentials and referrer: the viewer never acts as anyone, and the
// link's key never leaves this page (only the manifest URL, which holds no key, is sent).
import { decryptJwe } from "./jwe.js";
import { ViewerError } from "./errors.js";

const MAX_RESPONSE = 48 * 1024 * 1024; // as shared/shl/_http.py: the JWE of a 32 MiB file
const FHIR_JSON = "application/fhir+json";
const REQUEST = { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store", redirect: "error", mode: "cors" };

export async function openLink(link, { recipient, passcode }) {
  const tokens = link.flag.includes("U") ? [await directFile(link, recipient)] : await manifestTokens(link, recipient, passcode);
  const files = [];
  for (const { token, contentType } of tokens) {
    const { cty, bytes } = await decryptJwe(token, link.key);
    files.push({ contentType: cty || contentType, bytes });
  }
  return files;
}

async function manifestTokens(link, recipient, passcode) {
  const body = { recipient };
  if (link.flag.includes("P")) body.passcode = passcode;
  const response = await send(link.url, {
    ...REQUEST,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const manifest = await json(response);
  const files = Array.isArray(manifest?.files) ? manifest.files : null;
  if (!files) throw new ViewerError("server");
  const tokens = [];
  for (const file of files) {
    const contentType = typeof file?.contentType === "string" ? file.contentType : FHIR_JSON;
    if (typeof file?.embedded === "string") tokens.push({ token: file.embedded, contentType });
    else if (typeof file?.location === "string") tokens.push({ token: await fetchLocation(file.location), contentType });
    else throw new ViewerError("server");
  }
  return tokens;
}

async function directFile(link, recipient) {
  const url = new URL(link.url);
  url.searchParams.set("recipient", recipient);
  const response = await send(url.href, { ...REQUEST, method: "GET" });
  return { token: await text(response), contentType: FHIR_JSON };
}

async function fetchLocation(location) {
  let url;
  try {
    url = new URL(location);
  } catch {
    throw new ViewerError("server");
  }
  const response = await send(url.href, { ...REQUEST, method: "GET" });
  return text(response);
}

// One place maps the protocol's answers to what the recipient reads (SHL spec: 401 with
// remainingAttempts, 404 for anything inactive, 429 with Retry-After).
async function send(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ViewerError("network"); // offline, refused by CSP, or a redirect we refuse
  }
  if (response.ok) return response;
  if (response.status === 401) {
    const body = await json(response).catch(() => null);
    const left = Number.isInteger(body?.remainingAttempts) ? body.remainingAttempts : null;
    throw new ViewerError(left === 0 ? "locked" : "wrong_passcode", { n: left ?? "?" });
  }
  if (response.status === 404) throw new ViewerError("gone");
  if (response.status === 429) {
    const wait = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    throw new ViewerError("rate_limited", { n: Number.isFinite(wait) && wait > 0 ? wait : 30 });
  }
  throw new ViewerError("server");
}

async function readCapped(response) {
  const declared = Number(response.headers.get("Content-Length") || 0);
  if (declared > MAX_RESPONSE) throw new ViewerError("too_large");
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_RESPONSE) {
      await reader.cancel().catch(() => {});
      throw new ViewerError("too_large");
    }
    chunks.push(value);
  }
  return new Blob(chunks).text();
}

async function text(response) {
  return (await readCapped(response)).trim();
}

async function json(response) {
  try {
    return JSON.parse(await readCapped(response));
  } catch (error) {
    throw error instanceof ViewerError ? error : new ViewerError("server");
  }
}
