"""Envelope encryption: a data key per patient, wrapped by the master key.

Every clinical payload is sealed with its owner's data key; the associated data names the
table, row and field, so a ciphertext copied to another row or column fails to open.
Destroying a data key (crypto-shredding) leaves every payload of that patient unreadable,
backups included, because the database never holds the key in clear.
"""

from __future__ import annotations

import os
import uuid

from django.db import transaction
from django.utils import timezone

from common.crypto import aead
from common.crypto.keys import keyring
from common.models import DataKey


class KeyDestroyed(Exception):
    """The owner's data key was destroyed: their data is gone for good."""


def _wrap_aad(owner_id: uuid.UUID | str) -> bytes:
    return f"pocketchart:data-key:{owner_id}".encode()


def field_aad(table: str, row_id: object, field: str) -> bytes:
    return f"{table}|{row_id}|{field}".encode()


def ensure_data_key(owner_id: uuid.UUID | str) -> DataKey:
    """The owner's data key row, created (wrapped under the current master key) if missing."""
    existing = DataKey.objects.filter(owner_id=owner_id).first()
    if existing is not None:
        return existing
    master = keyring().current
    wrapped = aead.seal(master.key, os.urandom(32), _wrap_aad(owner_id), compress=False)
    with transaction.atomic():
        key, _ = DataKey.objects.get_or_create(
            owner_id=owner_id, defaults={"kid": master.kid, "wrapped": wrapped}
        )
    return key


def unwrap(data_key: DataKey) -> bytes:
    if data_key.destroyed_at is not None or not data_key.wrapped:
        raise KeyDestroyed(str(data_key.owner_id))
    master = keyring().by_kid(data_key.kid)
    return aead.open_sealed(master.key, bytes(data_key.wrapped), _wrap_aad(data_key.owner_id))


def data_key_for(owner_id: uuid.UUID | str) -> bytes:
    row = DataKey.objects.filter(owner_id=owner_id).first()
    if row is None:
        row = ensure_data_key(owner_id)
    return unwrap(row)


def encrypt_field(
    owner_id: uuid.UUID | str,
    plaintext: bytes,
    *,
    table: str,
    row_id: object,
    field: str,
    key: bytes | None = None,
) -> bytes:
    key = key or data_key_for(owner_id)
    return aead.seal(key, plaintext, field_aad(table, row_id, field))


def decrypt_field(
    owner_id: uuid.UUID | str,
    blob: bytes,
    *,
    table: str,
    row_id: object,
    field: str,
    key: bytes | None = None,
) -> bytes:
    key = key or data_key_for(owner_id)
    return aead.open_sealed(key, bytes(blob), field_aad(table, row_id, field))


def destroy_data_key(owner_id: uuid.UUID | str) -> bool:
    """Crypto-shred: overwrite the wrapped key. Returns False if the owner had no key."""
    updated = DataKey.objects.filter(owner_id=owner_id, destroyed_at__isnull=True).update(
        wrapped=b"", destroyed_at=timezone.now()
    )
    return updated > 0


def rewrap_all(batch_size: int = 500) -> tuple[int, int]:
    """Re-wrap every live data key under the current master key; payloads are untouched.

    Returns (re-wrapped, already current). Safe to run again after an interruption.
    """
    ring = keyring()
    current = ring.current
    rewrapped = 0
    stale = DataKey.objects.filter(destroyed_at__isnull=True).exclude(kid=current.kid)
    while True:
        with transaction.atomic():
            rows = list(stale.select_for_update()[:batch_size])
            for row in rows:
                plain = unwrap(row)
                row.wrapped = aead.seal(current.key, plain, _wrap_aad(row.owner_id), compress=False)
                row.kid = current.kid
                row.save(update_fields=["wrapped", "kid", "rotated_at"])
        rewrapped += len(rows)
        if len(rows) < batch_size:
            break
    already = DataKey.objects.filter(destroyed_at__isnull=True, kid=current.kid).count()
    return rewrapped, already - rewrapped


# The server's own data key: for keyed hashes that must be looked up before we know whose
# data it is (a hospital's patient identifier in a push). Wrapped like any data key, so
# master-key rotation re-wraps it and the hashes stay valid.
SERVER_OWNER_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def server_subkey(purpose: str) -> bytes:
    from common.crypto.blind import derive_subkey

    return derive_subkey(data_key_for(SERVER_OWNER_ID), f"server:{purpose}")
