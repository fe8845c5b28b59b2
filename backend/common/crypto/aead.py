"""AES-256-GCM with our blob layout: version, flags, nonce, ciphertext and tag.

Compression happens before encryption (encrypted bytes do not compress) and only when it
pays; the flag records it so the reader knows.
"""

from __future__ import annotations

import os
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = 1
FLAG_DEFLATE = 0x01
NONCE_BYTES = 12
COMPRESS_FROM = 512  # below this, zlib's header costs more than it saves


class DecryptionError(Exception):
    """The blob is damaged, was moved to another row or field, or its key is wrong."""


def seal(key: bytes, plaintext: bytes, aad: bytes, *, compress: bool = True) -> bytes:
    flags = 0
    body = plaintext
    if compress and len(plaintext) >= COMPRESS_FROM:
        packed = zlib.compress(plaintext, 6)
        if len(packed) < len(plaintext):
            body, flags = packed, FLAG_DEFLATE
    nonce = os.urandom(NONCE_BYTES)
    header = bytes([VERSION, flags])
    return header + nonce + AESGCM(key).encrypt(nonce, body, header + aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes, *, max_size: int = 512 * 1024 * 1024) -> bytes:
    if len(blob) < 2 + NONCE_BYTES + 16 or blob[0] != VERSION:
        raise DecryptionError("unknown or truncated ciphertext")
    header, nonce, sealed = blob[:2], blob[2 : 2 + NONCE_BYTES], blob[2 + NONCE_BYTES :]
    try:
        body = AESGCM(key).decrypt(nonce, sealed, header + aad)
    except InvalidTag:
        raise DecryptionError("ciphertext failed authentication") from None
    if header[1] & FLAG_DEFLATE:
        inflater = zlib.decompressobj()
        body = inflater.decompress(body, max_size)
        if inflater.unconsumed_tail:
            raise DecryptionError("decompressed payload exceeds the size limit")
    return body
