"""Compact JWE with `alg: dir` and `enc: A256GCM`, the only scheme SMART Health Links use.

Written on `cryptography`'s AESGCM directly: the profile is one algorithm pair, and a general
JOSE library would accept algorithms we must refuse.
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.shl._b64 import b64url_decode, b64url_encode
from shared.shl.errors import (
    DecryptionFailed,
    InflatedTooLarge,
    JweError,
    MalformedJwe,
    UnsupportedAlgorithm,
)

ALG = "dir"
ENC = "A256GCM"
ZIP_DEFLATE = "DEF"
# Big enough for the largest IPS and Synthea bundles we have seen (a few MB), small enough
# that a hostile file cannot exhaust a phone's memory.
DEFAULT_MAX_INFLATED = 32 * 1024 * 1024
_IV_BYTES = 12
_TAG_BYTES = 16
_RAW_DEFLATE = -15  # zlib wbits for RFC 1951 without zlib header, as the spec requires


def encrypt(plaintext: bytes, key_b64u: str, *, content_type: str, compress: bool = False) -> str:
    """Encrypt with a fresh random IV: the spec reuses one key for every file version."""
    header: dict[str, str] = {"alg": ALG, "enc": ENC, "cty": content_type}
    if compress:
        header["zip"] = ZIP_DEFLATE
        plaintext = _deflate(plaintext)
    protected = b64url_encode(json.dumps(header, separators=(",", ":")).encode("utf-8"))
    iv = os.urandom(_IV_BYTES)
    sealed = AESGCM(_key(key_b64u)).encrypt(iv, plaintext, protected.encode("ascii"))
    ciphertext, tag = sealed[:-_TAG_BYTES], sealed[-_TAG_BYTES:]
    return ".".join(
        [protected, "", b64url_encode(iv), b64url_encode(ciphertext), b64url_encode(tag)]
    )


def decrypt(
    token: str, key_b64u: str, *, max_inflated: int = DEFAULT_MAX_INFLATED
) -> tuple[str | None, bytes]:
    """Return `(cty, plaintext)`. `cty` is None when the sender left it out (the spec's IPS
    example does), so callers fall back to the manifest's `contentType`."""
    protected, encrypted_key, iv_b64, ciphertext_b64, tag_b64 = _split(token)
    header = _protected_header(protected)
    if encrypted_key:
        raise MalformedJwe("The encrypted file carries a wrapped key, which 'dir' forbids.")
    iv, ciphertext, tag = (_part(p) for p in (iv_b64, ciphertext_b64, tag_b64))
    if len(iv) != _IV_BYTES or len(tag) != _TAG_BYTES:
        raise MalformedJwe("The encrypted file has a wrong-sized IV or authentication tag.")
    try:
        plaintext = AESGCM(_key(key_b64u)).decrypt(iv, ciphertext + tag, protected.encode("ascii"))
    except InvalidTag:
        raise DecryptionFailed(
            "The file could not be decrypted: the key is wrong or the file was altered."
        ) from None
    if header.get("zip") == ZIP_DEFLATE:
        plaintext = _inflate(plaintext, max_inflated)
    elif len(plaintext) > max_inflated:
        raise InflatedTooLarge(_too_large(max_inflated))
    return header.get("cty"), plaintext


def _split(token: str) -> tuple[str, str, str, str, str]:
    parts = token.strip().split(".")
    if len(parts) != 5:
        raise MalformedJwe(
            f"This is not an encrypted file: a compact JWE has 5 parts, this has {len(parts)}."
        )
    return parts[0], parts[1], parts[2], parts[3], parts[4]


def _protected_header(protected: str) -> dict[str, Any]:
    try:
        header = json.loads(b64url_decode(protected))
    except (ValueError, RecursionError):
        raise MalformedJwe("The encrypted file's header is not base64url JSON.") from None
    if not isinstance(header, dict):
        raise MalformedJwe("The encrypted file's header is not a JSON object.")
    if header.get("alg") != ALG or header.get("enc") != ENC:
        raise UnsupportedAlgorithm(
            f"Unsupported encryption alg={header.get('alg')!r} enc={header.get('enc')!r}; "
            f"SMART Health Links use alg={ALG!r} enc={ENC!r}."
        )
    if header.get("zip", ZIP_DEFLATE) != ZIP_DEFLATE:
        raise UnsupportedAlgorithm(f"Unsupported compression zip={header.get('zip')!r}.")
    # RFC 7516 §4.1.13: a recipient that does not understand a critical extension must refuse.
    if "crit" in header:
        raise UnsupportedAlgorithm("The encrypted file requires JOSE extensions we do not know.")
    if not isinstance(header.get("cty", ""), str):
        raise MalformedJwe("The encrypted file's content type 'cty' is not a string.")
    return header


def _part(text: str) -> bytes:
    try:
        return b64url_decode(text)
    except ValueError:
        raise MalformedJwe("The encrypted file contains characters outside base64url.") from None


def _key(key_b64u: str) -> bytes:
    try:
        key = b64url_decode(key_b64u)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise JweError("The key must be 32 bytes, base64url encoded (43 characters).")
    return key


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(level=9, wbits=_RAW_DEFLATE)
    return compressor.compress(data) + compressor.flush()


def _inflate(data: bytes, limit: int) -> bytes:
    """Inflate at most `limit` bytes; asking for one more tells a bomb from a file at the cap."""
    inflater = zlib.decompressobj(wbits=_RAW_DEFLATE)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise MalformedJwe("The file's compressed content is corrupt.") from None
    if len(out) > limit:
        raise InflatedTooLarge(_too_large(limit))
    if not inflater.eof:
        raise MalformedJwe("The file's compressed content is truncated.")
    return out


def _too_large(limit: int) -> str:
    return f"The file expands to more than {limit:,} bytes, the most we accept."
