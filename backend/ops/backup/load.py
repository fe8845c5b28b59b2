"""Loading a dump (ops.backup.dump) into an empty, migrated database.

"Empty" means no row in any table except those `migrate` fills itself (content types and
permissions), which the dump's copies replace so every id matches the backup. Rows go in
through plain INSERTs with each field's own conversions (`to_python`, then
`get_db_prep_save`): `save()` and bulk_create would stamp auto_now fields with today's date.
Foreign keys are deferred to the commit on both PostgreSQL and SQLite, so table order does
not matter; everything loads in one transaction, all or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models

from ops.backup.dump import FORMAT, applied_migrations, backed_up_models

# Filled by `migrate` (post_migrate signals): replaced by the backup's rows, ids included.
SEEDED = ("auth.permission", "contenttypes.contenttype")
BATCH = 500


class RestoreRefused(Exception):
    """The target database is not empty or not at the backup's schema."""


@dataclass
class Loaded:
    meta: dict[str, Any]
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def json_lines(chunks: Iterable[bytes]) -> Iterator[Any]:
    pending = b""
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            if line:
                yield json.loads(line)
    if pending.strip():
        yield json.loads(pending)


def non_empty_tables() -> list[str]:
    return [
        model._meta.label_lower
        for model in backed_up_models()
        if model._meta.label_lower not in SEEDED and model._base_manager.exists()
    ]


def check_target(meta: dict[str, Any]) -> None:
    if meta.get("kind") != "meta" or meta.get("format") != FORMAT:
        raise RestoreRefused("the backup does not start with a dump header")
    ours = {tuple(item) for item in applied_migrations()}
    theirs = {tuple(item) for item in meta["migrations"]}
    if ours != theirs:
        missing = sorted(theirs - ours)[:5]
        extra = sorted(ours - theirs)[:5]
        raise RestoreRefused(
            f"the database's migrations differ from the backup's (backup only: {missing}; "
            f"database only: {extra}): migrate it to the backup's state first"
        )
    filled = non_empty_tables()
    if filled:
        raise RestoreRefused(f"the database is not empty ({', '.join(filled[:5])} have rows)")


class _Table:
    def __init__(self, header: dict[str, Any]) -> None:
        self.model = apps.get_model(header["model"])
        by_name = {f.attname: f for f in self.model._meta.concrete_fields}
        self.fields = [by_name[name] for name in header["columns"]]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Names come from the models and are quoted; values are always bound parameters.
        table = quote(self.model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.pending: list[list[Any]] = []
        self.count = 0

    def add(self, row: list[Any]) -> None:
        self.pending.append([_prepare(f, value) for f, value in zip(self.fields, row, strict=True)])
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.pending)
            self.count += len(self.pending)
            self.pending = []


def _prepare(model_field: Any, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(model_field, models.JSONField):
        value = model_field.to_python(value)
    return model_field.get_db_prep_save(value, connection)


def _clear_seeded() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in SEEDED:  # permissions first: they point at content types
            cursor.execute(f"DELETE FROM {quote(apps.get_model(label)._meta.db_table)}")  # noqa: S608


def load_rows(items: Iterator[Any], meta: dict[str, Any]) -> Loaded:
    """Insert every row after `meta`; call inside a transaction, after check_target()."""
    _clear_seeded()
    loaded, table = Loaded(meta), None
    for item in items:
        if isinstance(item, list):
            if table is None:
                raise RestoreRefused("row before any table in the dump")
            table.add(item)
            continue
        if table is not None:
            table.flush()
            loaded.rows[table.model._meta.label_lower] = table.count
        if item.get("kind") == "end":
            _check_counts(loaded, item["rows"])
            _reset_sequences()
            ContentType.objects.clear_cache()
            return loaded
        table = _Table(item)
    raise RestoreRefused("the dump ends early (no end line): the backup is incomplete")


def _check_counts(loaded: Loaded, expected: dict[str, int]) -> None:
    if loaded.rows != expected:
        raise RestoreRefused("row counts differ from the dump's own tally")


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
