"""The secrets of a share: the link key, the passcode and the manifest id.

Where each is made, lives and dies is written down in docs/decisions.md ("Sharing keys and
threat model"). In short: the link key is made per share; the server keeps it only for
long-term links, sealed with the patient's data key, until revocation or expiry. The manifest
id and the passcode are kept only as hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass, field

from common.crypto.blind import derive_subkey
from common.crypto.envelope import data_key_for, decrypt_field, encrypt_field

TABLE = "sharing_share"


def manifest_hash(manifest_id: str) -> str:
    """The manifest id carries 256 random bits, so a plain SHA-256 cannot be brute-forced;
    a database dump then holds no working link URL."""
    return hashlib.sha256(manifest_id.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class PatientKey:
    """The patient's data key, unwrapped once per request and used for every field of it."""

    patient_id: uuid.UUID | str
    key: bytes = field(repr=False)

    def seal(self, table: str, row_id: object, name: str, text: str) -> bytes:
        if not text:
            return b""
        return encrypt_field(
            self.patient_id, text.encode(), table=table, row_id=row_id, field=name, key=self.key
        )

    def open(self, table: str, row_id: object, name: str, blob: bytes) -> str:
        if not blob:
            return ""
        plain = decrypt_field(
            self.patient_id, bytes(blob), table=table, row_id=row_id, field=name, key=self.key
        )
        return plain.decode()

    def passcode_hash(self, passcode: str) -> str:
        """HMAC-SHA256 under a sub-key of the patient's data key (why not argon2, and why
        this key: docs/decisions.md). It dies with the data key, like everything else."""
        subkey = derive_subkey(self.key, "shl-passcode")
        return hmac.new(subkey, passcode.encode(), hashlib.sha256).hexdigest()

    def passcode_matches(self, stored: str, offered: str) -> bool:
        return bool(stored) and hmac.compare_digest(stored, self.passcode_hash(offered))


def patient_key(patient_id: uuid.UUID | str) -> PatientKey:
    return PatientKey(patient_id, data_key_for(patient_id))


def seal_key(owner: PatientKey, share_id: uuid.UUID | str, key: str) -> bytes:
    return owner.seal(TABLE, share_id, "key", key)


def open_key(owner: PatientKey, share_id: uuid.UUID | str, sealed: bytes) -> str:
    return owner.open(TABLE, share_id, "key", sealed)
