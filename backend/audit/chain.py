"""Canonical form and hashing of audit events.

hash = SHA-256(prev_hash || canonical JSON of every field but `hash`). The canonical form is
sorted-key, compact JSON of strings; times are UTC with microseconds, so the same row always
hashes the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

CHAINED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_type",
    "actor_id",
    "role",
    "action",
    "patient_id",
    "object_type",
    "object_id",
    "purpose",
    "client_ip",
    "user_agent",
    "outcome",
    "detail",
)


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: dict[str, Any]) -> bytes:
    body = {}
    for name in CHAINED_FIELDS:
        value = fields[name]
        body[name] = _time(value) if isinstance(value, datetime) else value
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(fields)).hexdigest()
