"""Reads of correction requests: the patient's own list, and a hospital's own Tasks.

A hospital sees only the Tasks addressed to its organization; any other id is the same 404
as a missing one. Every read is audited with the patient it concerns.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.exceptions import NotFound
from common.ids import uuid_or_404
from corrections.models import CorrectionRequest
from corrections.sealing import open_text
from hospitals.principal import SystemPrincipal
from records.selectors.access import PURPOSE, read_logged, require_self
from records.selectors.presenting import organization_name

MAX_COUNT = 200


def corrections_of(*, actor: Actor, patient: User) -> list[dict[str, Any]]:
    require_self(actor, patient.id)
    rows = CorrectionRequest.objects.filter(patient=patient).select_related("organization")
    views = [
        correction_view(row, patient.preferred_language) for row in rows.order_by("-created_at")
    ]
    read_logged(actor=actor, patient_id=patient.id, action="correction.list")
    return views


def correction_view(row: CorrectionRequest, language: str) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "status": row.status,
        "record": str(row.entry_id),
        "document": str(row.document_id),
        "resource_type": row.resource_type,
        "hospital": {
            "id": str(row.organization_id),
            "name": organization_name(row.organization, language),
        },
        "text": open_text(row, "text"),
        "reply": open_text(row, "reply") or None,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
    }


@dataclass(frozen=True)
class TaskQuery:
    statuses: tuple[str, ...] = ()
    link_id: uuid.UUID | None = None
    count: int = 50
    offset: int = 0


def tasks_for_system(
    *, principal: SystemPrincipal, query: TaskQuery
) -> tuple[list[CorrectionRequest], int]:
    rows = CorrectionRequest.objects.filter(organization_id=principal.organization_id)
    if query.statuses:
        rows = rows.filter(status__in=query.statuses)
    if query.link_id is not None:
        rows = rows.filter(link_id=query.link_id)
    total = rows.count()
    page = list(rows.order_by("created_at", "id")[query.offset : query.offset + query.count])
    for patient_id in dict.fromkeys(row.patient_id for row in page):
        audit.record(
            actor=principal.actor, action="correction.task.search", patient_id=patient_id,
            object_type="task", purpose="treatment",
            detail={"returned": sum(1 for r in page if r.patient_id == patient_id)},
        )  # fmt: skip
    return page, total


def task_for_system(*, principal: SystemPrincipal, task_id: str) -> CorrectionRequest:
    row = CorrectionRequest.objects.filter(
        id=uuid_or_404(task_id), organization_id=principal.organization_id
    ).first()
    if row is None:
        audit.record_refusal(
            actor=principal.actor, action="correction.task.read", reason="not_found",
            object_type="task", object_id=task_id[:64], purpose=PURPOSE,
        )  # fmt: skip
        raise NotFound()
    audit.record(
        actor=principal.actor, action="correction.task.read", patient_id=row.patient_id,
        object_type="task", object_id=row.id, purpose="treatment",
    )  # fmt: skip
    return row
