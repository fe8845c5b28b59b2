"""PocketChart export archives: a zip encrypted whole with AES-256-GCM under a password.

Python's zipfile cannot write AES-encrypted zips and legacy ZipCrypto is broken, so the zip
is written in clear into a streaming encryptor and only ciphertext ever reaches storage.
The format (version 1), all integers big-endian:

    magic        8 bytes  b"PCARCHV1"
    header_len   4 bytes  length of the header that follows
    header       JSON, UTF-8: {"v": 1, "kdf": "scrypt", "n": 32768, "r": 8, "p": 1,
                 "salt": base64, "cipher": "AES-256-GCM", "chunk": 1048576,
                 "nonce_prefix": base64 of 7 bytes}
    chunks       each AES-256-GCM(key, nonce, plaintext chunk, aad = magic + header_len +
                 header); nonce = nonce_prefix (7) + chunk counter (4) + last flag (1:
                 0x01 on the final chunk, else 0x00); every chunk but the last holds exactly
                 `chunk` plaintext bytes, so each ciphertext chunk is chunk + 16 bytes.

key = scrypt(password as UTF-8 NFC, salt, n, r, p, 32 bytes). The counter and last flag in
the nonce make reordering, dropping or truncating chunks fail authentication (the STREAM
construction of Hoang, Reyhanitabar, Rogaway and Vizár), and the header is authenticated
with every chunk. Decrypt with `python -m shared.archive decrypt FILE --password ...`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import struct
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PCARCHV1"
CHUNK = 1024 * 1024
TAG = 16
# scrypt at 2^15 x 8 costs ~32 MiB and ~0.1 s: the password is random (120 bits), so the
# work factor is defence in depth, not what keeps it safe.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_HEADER = 4096
# No I, L, O, U, 0, 1: read aloud and typed without mix-ups.
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # noqa: S105 - an alphabet, not a secret
PASSWORD_GROUPS, GROUP_SIZE = 6, 4


class ArchiveError(Exception):
    """Not an archive of ours, a wrong password, or damaged or truncated data."""


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(salt=os.urandom(16))


def new_password() -> str:
    """A one-time password: 24 characters from 30 (about 118 bits), grouped by four."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUPS * GROUP_SIZE))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def derive_key(password: str, params: KdfParams) -> bytes:
    secret = unicodedata.normalize("NFC", password.strip()).encode()
    return hashlib.scrypt(
        secret, salt=params.salt, n=params.n, r=params.r, p=params.p, maxmem=128 * 1024 * 1024,
        dklen=32,
    )  # fmt: skip


def _header(params: KdfParams, nonce_prefix: bytes) -> bytes:
    fields = {
        "v": 1,
        "kdf": "scrypt",
        "n": params.n,
        "r": params.r,
        "p": params.p,
        "salt": base64.b64encode(params.salt).decode(),
        "cipher": "AES-256-GCM",
        "chunk": CHUNK,
        "nonce_prefix": base64.b64encode(nonce_prefix).decode(),
    }
    body = json.dumps(fields, separators=(",", ":"), sort_keys=True).encode()
    return MAGIC + struct.pack(">I", len(body)) + body


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 2**32:
        raise ArchiveError("archive too large for one key")
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only stream: what is written is encrypted chunk by chunk into `sink`.

    zipfile writes to it as to any unseekable file (with data descriptors); `close()` seals
    the final chunk, so an unclosed writer leaves an archive that fails to decrypt.
    """

    def __init__(self, sink: BinaryIO, key: bytes, params: KdfParams) -> None:
        self._sink, self._aead = sink, AESGCM(key)
        self._prefix = os.urandom(7)
        self._aad = _header(params, self._prefix)
        self._buffer = bytearray()
        self._counter = 0
        self._written = 0
        self.closed = False
        sink.write(self._aad)

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._written += len(data)
        # Keep at least one byte back: the final chunk must be sealed with the last flag.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        self._sink.flush()

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._sink.flush()
            self.closed = True

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._sink.write(self._aead.encrypt(nonce, chunk, self._aad))
        self._counter += 1


def read_params(source: BinaryIO) -> tuple[KdfParams, bytes, bytes]:
    """The KDF parameters, nonce prefix and authenticated header at the start of `source`."""
    start = source.read(len(MAGIC) + 4)
    if len(start) != len(MAGIC) + 4 or start[: len(MAGIC)] != MAGIC:
        raise ArchiveError("not a PocketChart archive (wrong magic)")
    (length,) = struct.unpack(">I", start[len(MAGIC) :])
    if length > MAX_HEADER:
        raise ArchiveError("archive header is too long")
    body = source.read(length)
    try:
        fields = json.loads(body)
        params = KdfParams(
            salt=base64.b64decode(fields["salt"]), n=int(fields["n"]), r=int(fields["r"]),
            p=int(fields["p"]),
        )  # fmt: skip
        prefix = base64.b64decode(fields["nonce_prefix"])
        supported = fields["v"] == 1 and fields["chunk"] == CHUNK and len(prefix) == 7
    except (ValueError, KeyError, TypeError):
        raise ArchiveError("archive header is damaged") from None
    if not supported or params.n > 2**20 or params.r > 32 or params.p > 16:
        raise ArchiveError("unsupported archive version or parameters")
    return params, prefix, start + body


def decrypt_chunks(source: BinaryIO, password: str) -> Iterator[bytes]:
    """The plaintext, chunk by chunk; raises ArchiveError on a wrong password or damage."""
    params, prefix, aad = read_params(source)
    aead = AESGCM(derive_key(password, params))
    counter, current = 0, source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), current, aad)
        except InvalidTag:
            problem = (
                "wrong password, or the archive is damaged"
                if counter == 0
                else "archive is damaged or truncated"
            )
            raise ArchiveError(problem) from None
        if last:
            return
        counter, current = counter + 1, following


def decrypt_file(source: BinaryIO, sink: BinaryIO, password: str) -> int:
    """Decrypt all of `source` into `sink`; returns the plaintext size."""
    total = 0
    for chunk in decrypt_chunks(source, password):
        sink.write(chunk)
        total += len(chunk)
    return total
