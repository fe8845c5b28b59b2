"""The plaintext of a backup: every table, row by row, as JSON lines.

Why not pg_dump: the same format then works on the embedded SQLite default and on
PostgreSQL, restores through the ORM's own field conversions, and streams straight into the
encryptor (no plaintext file ever touches disk). Lines, in order:

    {"kind": "meta", "format": "pocketchart-dump/1", "vendor": ..., "migrations": [[app, name]...],
     "audit_head": [seq, hash]}
    {"kind": "table", "model": "records.document", "table": ..., "columns": [attname...]}
    [value, value, ...]        one array per row, in the order of "columns"
    ...                        (the next table)
    {"kind": "end", "rows": {"records.document": n, ...}}

Values: bytes as base64, times and dates as ISO 8601, UUIDs and decimals as strings, JSON
columns as JSON; the restore turns them back with each field's own `to_python`. Clinical
payloads are already ciphertext under the patients' data keys, and the wrapped data keys are
in `common.datakey`: the master key itself is never in a backup.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_string

from audit.models import AuditEvent

FORMAT = "pocketchart-dump/1"
BATCH = 2000


def backed_up_models() -> list[type[models.Model]]:
    """Every table the project owns (auto-created many-to-many tables included)."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def encode(value: Any) -> Any:
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    return value


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _line(item: Any) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def dump_meta() -> dict[str, Any]:
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return {
        "kind": "meta",
        "format": FORMAT,
        "vendor": connection.vendor,
        "migrations": applied_migrations(),
        "audit_head": list(head) if head else [0, ""],
    }


def _table(model: type[models.Model], counts: dict[str, int]) -> Iterator[bytes]:
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    yield _line(
        {"kind": "table", "model": model._meta.label_lower, "table": model._meta.db_table,
         "columns": names}
    )  # fmt: skip
    rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=BATCH)
    count = 0
    for row in rows:
        yield _line([encode(value) for value in row])
        count += 1
    counts[model._meta.label_lower] = count


def dump_lines(meta: dict[str, Any]) -> Iterator[bytes]:
    """The whole database as JSON lines, after `meta` (dump_meta(), read in the same
    snapshot); call inside `snapshot()` for a consistent copy."""
    counts: dict[str, int] = {}
    yield _line(meta)
    for model in backed_up_models():
        yield from _table(model, counts)
    yield _line({"kind": "end", "rows": counts})


@contextmanager
def snapshot() -> Iterator[None]:
    """One transaction over the whole dump, so every table is read at the same instant.

    On PostgreSQL: REPEATABLE READ, READ ONLY (writers go on undisturbed). It can only be set
    as the transaction's first statement, so not inside an outer atomic block (tests).
    """
    fresh = not connection.in_atomic_block
    with transaction.atomic():
        if fresh and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
