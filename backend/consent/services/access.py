"""Writing down each read of a patient's data by someone else, and each refusal.

The audit event is the record (hash-chained, kept 2 years); it names an AccessRecord by id,
which holds what an audit row must not: the name a share-link recipient typed, sealed with
the patient's data key. Every selector that serves health data to anyone but the patient
calls `access_logged` (allowed) or `access_refused` (refused) — the access log is built from
exactly these events (actions starting with ACCESS_PREFIX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from audit import services as audit
from common.actors import Actor
from common.crypto.envelope import encrypt_field
from consent.models import AccessRecord
from consent.policy import Decision

ACCESS_PREFIX = "access."
TABLE = "consent_accessrecord"


@dataclass(frozen=True)
class Access:
    """One read attempt as the log shows it. `action` is without the prefix: "fhir.search"."""

    actor: Actor
    patient_id: Any
    action: str
    object_type: str = ""
    object_id: Any = None
    organization_id: Any = None
    recipient_name: str = ""  # typed by a share-link recipient; sealed, never in the trail
    recipient_country: str = ""
    returned: int = 0
    resource_types: list[str] = field(default_factory=list)


def _access_record(access: Access, decision: Decision) -> AccessRecord:
    row = AccessRecord(
        patient_id=access.patient_id,
        grant_id=decision.grant_ids[0] if len(decision.grant_ids) == 1 else None,
        actor_type=access.actor.type,
        organization_id=access.organization_id or None,
        recipient_country=access.recipient_country.upper()[:2],
    )
    if access.recipient_name:
        row.recipient_name = encrypt_field(
            access.patient_id,
            access.recipient_name.encode(),
            table=TABLE,
            row_id=row.id,
            field="recipient_name",
        )
    row.save()
    return row


def _detail(access: Access, decision: Decision, row: AccessRecord) -> dict[str, Any]:
    return {
        "access_record": str(row.id),
        "grants": list(decision.grant_ids),
        "returned": access.returned,
        "types": sorted(set(access.resource_types))[:20],
    }


def access_logged(*, access: Access, decision: Decision) -> None:
    """An allowed read: the access record and its audit event commit together."""
    with audit.atomic():
        row = _access_record(access, decision)
        audit.record(
            actor=access.actor,
            action=ACCESS_PREFIX + access.action,
            patient_id=access.patient_id,
            object_type=access.object_type,
            object_id=access.object_id,
            purpose=",".join(decision.purposes)[:32],
            detail=_detail(access, decision, row),
        )


def access_refused(*, access: Access, decision: Decision) -> None:
    """A refused read of a known patient, in its own transaction (never rolled back with the
    request). The patient sees it in the access log with the reason."""
    with transaction.atomic():
        row = _access_record(access, decision)
        audit.record_refusal(
            actor=access.actor,
            action=ACCESS_PREFIX + access.action,
            reason=str(decision.reason),
            patient_id=access.patient_id,
            object_type=access.object_type,
            object_id=access.object_id,
            detail=_detail(access, decision, row),
        )


def own_read_logged(
    *, actor: Actor, action: str, object_type: str = "", object_id: Any = None
) -> None:
    """The patient reading their own grants or log: audited like every read, but not an
    access by someone else, so not under ACCESS_PREFIX."""
    audit.record(
        actor=actor,
        action=action,
        patient_id=actor.id,
        object_type=object_type,
        object_id=object_id,
    )
