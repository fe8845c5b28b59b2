"""Writing the audit trail.

`record()` is called by services inside the transaction of the change it describes, so the
event and the change commit or roll back together. Inside `audit.atomic()` events are
buffered and appended just before commit: the chain lock (a PostgreSQL advisory transaction
lock) is held only for the append and the commit, not for the whole business transaction.

`record_refusal()` is for requests that were refused: it is called after the refused work
has rolled back (by the exception handler, or by authentication code), in its own
transaction, so the refusal is never rolled back with the request.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS, link_hash
from audit.models import AuditEvent, Outcome
from common.actors import Actor
from common.middleware import current_context

# Any 64-bit constant: the one advisory lock that orders appends to the chain.
CHAIN_LOCK_ID = 0x504F434B4554  # "POCKET"

_ALLOWED_DETAIL_TYPES = (str, int, float, bool, type(None))

_buffer: contextvars.ContextVar[list[dict[str, Any]] | None] = contextvars.ContextVar(
    "phr_audit_buffer", default=None
)


def _check_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """Detail holds ids, counts and reason codes: flat scalars, short strings only."""
    for key, value in detail.items():
        if not isinstance(value, _ALLOWED_DETAIL_TYPES) and not (
            isinstance(value, list) and all(isinstance(v, str | int) for v in value)
        ):
            raise TypeError(f"audit detail {key!r} must be a scalar or a list of ids")
        if isinstance(value, str) and len(value) > 200:
            raise ValueError(f"audit detail {key!r} is too long to be an id or a code")
    return detail


def _event_fields(
    *,
    actor: Actor,
    action: str,
    outcome: str,
    patient_id: object,
    object_type: str,
    object_id: object,
    purpose: str,
    detail: dict[str, Any] | None,
) -> dict[str, Any]:
    context = current_context()
    return {
        "occurred_at": timezone.now(),
        "actor_type": actor.type,
        "actor_id": str(actor.id or ""),
        "role": actor.role,
        "action": action,
        "patient_id": str(patient_id or ""),
        "object_type": object_type,
        "object_id": str(object_id or ""),
        "purpose": purpose,
        "client_ip": context.client_ip if context else "",
        "user_agent": context.user_agent if context else "",
        "outcome": outcome,
        "detail": _check_detail(dict(detail or {})),
    }


def _append(events: list[dict[str, Any]]) -> None:
    """Chain and insert. Must run inside a transaction; holds the chain lock until commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = head if head else (0, GENESIS)
    rows = []
    for fields in events:
        seq += 1
        fields = {**fields, "seq": seq}
        digest = link_hash(prev, fields)
        rows.append(AuditEvent(**fields, prev_hash=prev, hash=digest))
        prev = digest
    AuditEvent.objects.bulk_create(rows)


def record(
    *,
    actor: Actor,
    action: str,
    outcome: str = Outcome.SUCCESS,
    patient_id: object = None,
    object_type: str = "",
    object_id: object = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    fields = _event_fields(
        actor=actor,
        action=action,
        outcome=outcome,
        patient_id=patient_id,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        detail=detail,
    )
    pending = _buffer.get()
    if pending is not None:
        pending.append(fields)
        return
    with transaction.atomic():
        _append([fields])


def record_refusal(
    *,
    actor: Actor,
    action: str,
    reason: str,
    patient_id: object = None,
    object_type: str = "",
    object_id: object = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    fields = _event_fields(
        actor=actor,
        action=action,
        outcome=Outcome.DENIED,
        patient_id=patient_id,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        detail={**(detail or {}), "reason": reason},
    )
    with transaction.atomic():
        _append([fields])


@contextmanager
def atomic() -> Iterator[None]:
    """A transaction whose audit events are appended to the chain just before it commits."""
    parent = _buffer.get()
    mine: list[dict[str, Any]] = []
    token = _buffer.set(mine)
    appended = False
    try:
        with transaction.atomic():
            yield
            if parent is None:
                _buffer.reset(token)
                appended = True
                if mine:
                    _append(mine)  # the chain lock is taken here, just before commit
    finally:
        if not appended:
            _buffer.reset(token)
    if parent is not None:
        parent.extend(mine)  # only reached when the inner block succeeded
