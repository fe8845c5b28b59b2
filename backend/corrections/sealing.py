"""Opening and sealing a correction request's text fields with the patient's data key."""

from __future__ import annotations

from typing import Any

import orjson

from common.crypto.envelope import decrypt_field, encrypt_field
from corrections.models import CorrectionRequest

TABLE = "corrections_correctionrequest"


def seal(row: CorrectionRequest, field: str, value: Any) -> bytes:
    data = value.encode() if isinstance(value, str) else orjson.dumps(value)
    return encrypt_field(row.patient_id, data, table=TABLE, row_id=row.id, field=field)


def open_text(row: CorrectionRequest, field: str) -> str:
    blob = bytes(getattr(row, field))
    if not blob:
        return ""
    plain = decrypt_field(row.patient_id, blob, table=TABLE, row_id=row.id, field=field)
    return plain.decode()


def open_focus(row: CorrectionRequest) -> dict[str, Any]:
    focus: dict[str, Any] = orjson.loads(open_text(row, "focus"))
    return focus
