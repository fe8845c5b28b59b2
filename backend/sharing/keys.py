"""The secrets of a share: the link key, the passcode and the manifest id.

Where each is made, lives and dies is written down in docs/decisions.md ("Sharing keys and
threat model"). In short: the link key is made here per share; the server keeps it only for
long-term links, sealed with the patient's data key, until revocation or expiry. The manifest
id and the passcode are kept only as keyed or plain hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from common.crypto.envelope import decrypt_field, encrypt_field, server_subkey

TABLE = "sharing_share"
_PASSCODE_PURPOSE = "shl-passcode"


def manifest_hash(manifest_id: str) -> str:
    """The manifest id carries 256 random bits, so a plain SHA-256 cannot be brute-forced;
    a database dump then holds no working link URL."""
    return hashlib.sha256(manifest_id.encode("ascii", "replace")).hexdigest()


def passcode_hash(passcode: str) -> str:
    """HMAC-SHA256 under a sub-key of the server's data key (wrapped by the master key).

    Not argon2: the passcode gates a manifest, it is not the encryption key, and a database
    thief already holds the same ciphertext it gates. Without the master key the hash is
    useless; argon2 would cost ~1 s of CPU per guess here, which guessers would spend for us.
    """
    digest = hmac.new(server_subkey(_PASSCODE_PURPOSE), passcode.encode(), hashlib.sha256)
    return digest.hexdigest()


def passcode_matches(stored: str, offered: str) -> bool:
    return bool(stored) and hmac.compare_digest(stored, passcode_hash(offered))


def seal_key(patient_id: uuid.UUID | str, share_id: uuid.UUID | str, key: str) -> bytes:
    return encrypt_field(patient_id, key.encode("ascii"), table=TABLE, row_id=share_id, field="key")


def open_key(patient_id: uuid.UUID | str, share_id: uuid.UUID | str, sealed: bytes) -> str:
    plain = decrypt_field(patient_id, bytes(sealed), table=TABLE, row_id=share_id, field="key")
    return plain.decode("ascii")


def seal_text(
    patient_id: uuid.UUID | str, table: str, row_id: object, field: str, text: str
) -> bytes:
    if not text:
        return b""
    return encrypt_field(patient_id, text.encode(), table=table, row_id=row_id, field=field)


def open_text(
    patient_id: uuid.UUID | str, table: str, row_id: object, field: str, blob: bytes
) -> str:
    if not blob:
        return ""
    return decrypt_field(patient_id, bytes(blob), table=table, row_id=row_id, field=field).decode()
