"""The backup file: a compressed dump sealed with AES-256-GCM under a key from the master key.

Layout (version 1), integers big-endian:

    magic        8 bytes   b"PCBACKV1"
    header_len   4 bytes   always HEADER_BYTES
    header       HEADER_BYTES of JSON, padded with spaces:
                 {"v": 1, "cipher": "AES-256-GCM", "kdf": "HKDF-SHA256", "kid": master key id,
                  "salt": base64 (16 bytes), "chunk": 1048576, "nonce_prefix": base64 (7 bytes),
                  "created_at": ISO time, "body_sha256": hex, "body_bytes": n}
    body         chunks: AES-256-GCM(key, prefix + counter (4) + last flag (1), chunk,
                 aad = magic + the header's "core" (every field but body_sha256/body_bytes))

key = HKDF-SHA256(master key named by `kid`, salt, info "pocketchart:backup:v1"). The body is
zlib-compressed JSON lines (ops.backup.dump). The counter and last flag make reordered, dropped
or truncated chunks fail (the STREAM construction, as shared.archive); `body_sha256` lets anyone
check a copy is intact without the key. The header is written last (it holds the checksum), so
the target must be a seekable file: object storage gets the finished file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

from common.crypto.keys import keyring

MAGIC = b"PCBACKV1"
HEADER_BYTES = 1024
CHUNK = 1024 * 1024
TAG = 16
INFO = b"pocketchart:backup:v1"
CORE_FIELDS = ("v", "cipher", "kdf", "kid", "salt", "chunk", "nonce_prefix", "created_at")


class BackupError(Exception):
    """The file is not a backup, is damaged, or its master key is not in the keyring."""


def backup_key(kid: str | None, salt: bytes) -> tuple[str, bytes]:
    ring = keyring()
    try:
        master = ring.by_kid(kid) if kid else ring.current
    except ImproperlyConfigured:
        raise BackupError(
            f"the backup was made under master key {kid}, which is not in the keyring"
        ) from None
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(master.key)
    return master.kid, derived


def _aad(header: dict[str, Any]) -> bytes:
    core = {name: header[name] for name in CORE_FIELDS}
    return MAGIC + json.dumps(core, sort_keys=True, separators=(",", ":")).encode()


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 2**32:
        raise BackupError("backup too large for one key")
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def _header_bytes(header: dict[str, Any]) -> bytes:
    body = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    if len(body) > HEADER_BYTES:
        raise BackupError("backup header too long")
    return MAGIC + struct.pack(">I", HEADER_BYTES) + body.ljust(HEADER_BYTES)


class SealingWriter:
    """Compresses and encrypts what is written; `finish()` writes the header with the checksum."""

    def __init__(self, sink: BinaryIO) -> None:
        salt, prefix = os.urandom(16), os.urandom(7)
        kid, key = backup_key(None, salt)
        self.header: dict[str, Any] = {
            "v": 1, "cipher": "AES-256-GCM", "kdf": "HKDF-SHA256", "kid": kid,
            "salt": base64.b64encode(salt).decode(), "chunk": CHUNK,
            "nonce_prefix": base64.b64encode(prefix).decode(),
            "created_at": datetime.now(UTC).isoformat(),
        }  # fmt: skip
        self._sink, self._aead, self._prefix = sink, AESGCM(key), prefix
        self._aad = _aad(self.header)
        self._zip = zlib.compressobj(6)
        self._buffer = bytearray()
        self._counter, self._digest, self._bytes = 0, hashlib.sha256(), 0
        sink.write(b"\0" * (len(MAGIC) + 4 + HEADER_BYTES))  # the header's place

    def write(self, data: bytes) -> None:
        self._buffer += self._zip.compress(data)
        # Keep at least one byte back: the final chunk must be sealed with the last flag.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]

    def finish(self) -> dict[str, Any]:
        self._buffer += self._zip.flush()
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        self._seal(bytes(self._buffer), last=True)
        self.header.update(body_sha256=self._digest.hexdigest(), body_bytes=self._bytes)
        self._sink.seek(0)
        self._sink.write(_header_bytes(self.header))
        self._sink.flush()
        return self.header

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk, self._aad)
        self._sink.write(sealed)
        self._digest.update(sealed)
        self._bytes += len(sealed)
        self._counter += 1


def read_header(source: BinaryIO) -> dict[str, Any]:
    start = source.read(len(MAGIC) + 4)
    if len(start) != len(MAGIC) + 4 or start[: len(MAGIC)] != MAGIC:
        raise BackupError("not a PocketChart backup (wrong magic)")
    (length,) = struct.unpack(">I", start[len(MAGIC) :])
    if length != HEADER_BYTES:
        raise BackupError("unsupported backup header")
    try:
        header: dict[str, Any] = json.loads(source.read(length))
        supported = header["v"] == 1 and header["chunk"] == CHUNK and "body_sha256" in header
    except (ValueError, KeyError, TypeError):
        raise BackupError("backup header is damaged") from None
    if not supported:
        raise BackupError("unsupported backup version")
    return header


def check_checksum(source: BinaryIO) -> dict[str, Any]:
    """The header, once the body's SHA-256 matches it (no key needed)."""
    header = read_header(source)
    digest, size = hashlib.sha256(), 0
    while block := source.read(CHUNK):
        digest.update(block)
        size += len(block)
    if digest.hexdigest() != header["body_sha256"] or size != header["body_bytes"]:
        raise BackupError("checksum mismatch: the backup file is damaged or incomplete")
    return header


@dataclass(frozen=True)
class _Opened:
    header: dict[str, Any]
    aead: AESGCM
    prefix: bytes
    aad: bytes


def _open(source: BinaryIO) -> _Opened:
    header = read_header(source)
    try:
        salt, prefix = base64.b64decode(header["salt"]), base64.b64decode(header["nonce_prefix"])
    except (ValueError, KeyError, TypeError):
        raise BackupError("backup header is damaged") from None
    _, key = backup_key(str(header["kid"]), salt)
    return _Opened(header, AESGCM(key), prefix, _aad(header))


def plaintext_chunks(source: BinaryIO) -> Iterator[bytes]:
    """The decompressed dump, chunk by chunk; raises BackupError on damage or a wrong key."""
    opened = _open(source)
    inflater = zlib.decompressobj()
    counter, current = 0, source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        last = not following
        try:
            chunk = opened.aead.decrypt(_nonce(opened.prefix, counter, last), current, opened.aad)
        except InvalidTag:
            raise BackupError("backup is damaged, truncated or sealed with another key") from None
        yield inflater.decompress(chunk)
        if last:
            yield inflater.flush()
            return
        counter, current = counter + 1, following
