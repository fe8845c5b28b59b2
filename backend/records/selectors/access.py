"""The patient's own entries, and the audit event every read of them writes.

Only the patient reads through these selectors. Anyone else reads through consent.policy
(consent's selectors), so here every other actor meets the same 404 as a missing id: the
answer never tells whether an id exists.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from audit import services as audit
from common.actors import Actor
from common.exceptions import NotFound
from records.models import IndexEntry

# The purpose every self-access event carries (IHE BALP: the patient's own request).
PURPOSE = "patient-request"


def require_self(actor: Actor, patient_id: uuid.UUID) -> None:
    if actor.type != "patient" or not actor.id or actor.id != str(patient_id):
        raise NotFound()


def own_entries(*, actor: Actor, patient_id: uuid.UUID) -> QuerySet[IndexEntry]:
    require_self(actor, patient_id)
    return IndexEntry.objects.filter(patient_id=patient_id)


def own_entry(
    *, actor: Actor, patient_id: uuid.UUID, entry_id: uuid.UUID | str, action: str
) -> IndexEntry:
    """One entry of the patient's, or a 404 that is also written down as a refusal."""
    try:
        return (
            own_entries(actor=actor, patient_id=patient_id)
            .select_related("document", "organization")
            .get(id=entry_id)
        )
    except (IndexEntry.DoesNotExist, NotFound):
        # Without a patient id: naming whose record was guessed at would leak that it exists.
        audit.record_refusal(
            actor=actor,
            action=action,
            reason="not_found",
            object_type="index_entry",
            object_id=entry_id,
            purpose=PURPOSE,
        )
        raise NotFound() from None


def read_logged(
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    action: str,
    object_type: str = "",
    object_id: Any = None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        patient_id=patient_id,
        object_type=object_type,
        object_id=object_id,
        purpose=PURPOSE,
        detail=detail,
    )
