// The SMART Health Link payload, read as shared/shl/payload.py reads it: same checks, same
// tolerance (unknown properties and flags ignored, `exp` in milliseconds accepted).
import { b64urlToBytes, bytesToB64url } from "./base64url.js";
import { ViewerError } from "./errors.js";

const SCHEME = "shlink:/";
const MAX_LINK = 8192;
const MAX_URL = 128;
const MAX_LABEL = 80;
const MS_THRESHOLD = 1e11; // epoch seconds pass this only in the year 5138

// The encoded part of `#shlink:/…` (or of a bare `shlink:/…`), or null if there is none.
export function linkFromFragment(hash) {
  const text = decodeURIComponentSafe(String(hash || "").replace(/^#/, "")).trim();
  const at = text.toLowerCase().indexOf(SCHEME);
  return at < 0 ? null : text.slice(at + SCHEME.length);
}

function decodeURIComponentSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function decodePayload(encoded) {
  if (encoded.length > MAX_LINK) throw new ViewerError("bad_link");
  let obj;
  try {
    obj = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64urlToBytes(encoded)));
  } catch (error) {
    throw error instanceof ViewerError ? error : new ViewerError("bad_link");
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) throw new ViewerError("bad_link");
  const v = obj.v ?? 1;
  if (!Number.isInteger(v) || v !== 1) throw new ViewerError("bad_link");
  const flag = typeof obj.flag === "string" ? [...new Set(obj.flag)].filter((f) => "LPU".includes(f)).sort().join("") : "";
  if (obj.flag !== undefined && typeof obj.flag !== "string") throw new ViewerError("bad_link");
  if (flag.includes("P") && flag.includes("U")) throw new ViewerError("bad_link");
  return { url: checkUrl(obj.url), key: checkKey(obj.key), exp: parseExp(obj.exp), flag, label: checkLabel(obj.label) };
}

function checkUrl(url) {
  if (typeof url !== "string" || !url || url.length > MAX_URL) throw new ViewerError("bad_link");
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new ViewerError("bad_link");
  }
  // The manifest request carries the passcode: https, or http only to this computer.
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new ViewerError("bad_link");
  }
  return parsed.href;
}

function checkKey(key) {
  if (typeof key !== "string" || key.length !== 43) throw new ViewerError("bad_link");
  const raw = b64urlToBytes(key);
  // A non-canonical last character decodes to the same bytes; refusing it catches typos.
  if (raw.length !== 32 || bytesToB64url(raw) !== key) throw new ViewerError("bad_link");
  return key;
}

function parseExp(value) {
  if (value === undefined || value === null) return null;
  const number = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number) || number < 0) throw new ViewerError("bad_link");
  const seconds = Math.trunc(number);
  return seconds >= MS_THRESHOLD ? Math.trunc(seconds / 1000) : seconds;
}

function checkLabel(label) {
  if (label === undefined || label === null) return null;
  if (typeof label !== "string" || label.length > MAX_LABEL) throw new ViewerError("bad_link");
  return label;
}
