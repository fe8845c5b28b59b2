"""Sealing consultation fields with the patient's data key, bound to their row and field."""

from __future__ import annotations

from typing import Any

import orjson
from django.db import models

from common.crypto.envelope import decrypt_field, encrypt_field


def seal(owner_id: Any, row: models.Model, field: str, value: Any) -> bytes:
    return encrypt_field(
        owner_id, orjson.dumps(value), table=row._meta.db_table, row_id=row.pk, field=field
    )


def unseal(owner_id: Any, row: models.Model, field: str, key: bytes | None = None) -> Any:
    blob = bytes(getattr(row, field) or b"")
    if not blob:
        return None
    plain = decrypt_field(
        owner_id, blob, table=row._meta.db_table, row_id=row.pk, field=field, key=key
    )
    return orjson.loads(plain)


def seal_bytes(owner_id: Any, row: models.Model, field: str, data: bytes) -> bytes:
    return encrypt_field(owner_id, data, table=row._meta.db_table, row_id=row.pk, field=field)


def unseal_bytes(owner_id: Any, row: models.Model, field: str) -> bytes:
    blob = bytes(getattr(row, field))
    return decrypt_field(owner_id, blob, table=row._meta.db_table, row_id=row.pk, field=field)
