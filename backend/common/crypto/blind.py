"""Blind indexes: keyed hashes that let SQL find a code without storing it in clear.

The hashing key is derived (HKDF) from the patient's data key, so the index dies with the
data key, and the same code gives different hashes for different patients (no cross-patient
linkage from a database dump).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive_subkey(data_key: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"pocketchart:{purpose}".encode()
    ).derive(data_key)


def normalise(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip().casefold()


def blind_index(subkey: bytes, value: str) -> str:
    """A 128-bit keyed hash (hex) of a normalised value, e.g. `http://loinc.org|8480-6`."""
    digest = hmac.new(subkey, normalise(value).encode(), hashlib.sha256).digest()
    return digest[:16].hex()
