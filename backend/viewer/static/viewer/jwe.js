// Compact JWE, alg "dir" + enc "A256GCM", decrypted with WebCrypto exactly as
// shared/shl/jwe.py does: the tag is appended to the ciphertext, the protected header (as
// sent, base64url) is the associated data, and `zip: "DEF"` is raw DEFLATE, inflated with
// a cap so a small hostile file cannot expand to fill the doctor's memory.
import { b64urlToBytes } from "./base64url.js";
import { ViewerError } from "./errors.js";

export const MAX_INFLATED = 32 * 1024 * 1024; // as shared.shl.jwe.DEFAULT_MAX_INFLATED

export async function decryptJwe(token, keyB64u, { maxInflated = MAX_INFLATED } = {}) {
  const parts = String(token).trim().split(".");
  if (parts.length !== 5) throw new ViewerError("decrypt");
  const [protectedB64, wrappedKey, ivB64, ciphertextB64, tagB64] = parts;
  const header = protectedHeader(protectedB64);
  if (wrappedKey) throw new ViewerError("decrypt");
  const [iv, ciphertext, tag] = [ivB64, ciphertextB64, tagB64].map((p) => b64urlToBytes(p, "decrypt"));
  if (iv.length !== 12 || tag.length !== 16) throw new ViewerError("decrypt");
  const sealed = new Uint8Array(ciphertext.length + tag.length);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  let plain;
  try {
    const key = await crypto.subtle.importKey("raw", b64urlToBytes(keyB64u, "decrypt"), "AES-GCM", false, ["decrypt"]);
    const params = { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(protectedB64), tagLength: 128 };
    plain = new Uint8Array(await crypto.subtle.decrypt(params, key, sealed));
  } catch {
    throw new ViewerError("decrypt"); // wrong key or altered file: AES-GCM cannot tell which
  }
  if (header.zip === "DEF") plain = await inflateRaw(plain, maxInflated);
  else if (plain.length > maxInflated) throw new ViewerError("too_large");
  return { cty: typeof header.cty === "string" ? header.cty : null, bytes: plain };
}

function protectedHeader(text) {
  let header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64urlToBytes(text, "decrypt")));
  } catch {
    throw new ViewerError("decrypt");
  }
  const ok =
    header && typeof header === "object" && header.alg === "dir" && header.enc === "A256GCM" &&
    (header.zip === undefined || header.zip === "DEF") && !("crit" in header) &&
    (header.cty === undefined || typeof header.cty === "string");
  if (!ok) throw new ViewerError("decrypt");
  return header;
}

async function inflateRaw(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw new ViewerError("decrypt"); // corrupt or truncated DEFLATE data
    }
    if (step.done) break;
    total += step.value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new ViewerError("too_large");
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
