"""One state change: checked against the machine, audited, announced, access ended if over.

Callers hold the consultation's row lock (selected for update inside audit.atomic), so two
staff members clicking at once cannot both move it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from audit import services as audit
from common.actors import Actor
from common.exceptions import Conflict
from consultations.models import Consultation
from consultations.services.access import consultation_access_end
from consultations.services.notices import notices_queue
from consultations.states import TERMINAL, target_of


def transition_apply(
    *,
    actor: Actor,
    consultation: Consultation,
    action: str,
    party: str,
    notify: Iterable[tuple[str, Iterable[str]]] = (),
    detail: dict[str, Any] | None = None,
) -> Consultation:
    before = consultation.state
    consultation.state = target_of(state=before, action=action, party=party)
    consultation.state_changed_at = timezone.now()
    consultation.save(update_fields=["state", "state_changed_at", "updated_at"])
    audit.record(
        actor=actor,
        action=f"consultation.{action}",
        patient_id=consultation.patient_id,
        object_type="consultation",
        object_id=consultation.id,
        purpose="follow-up",
        detail={"from": before, "to": consultation.state, **(detail or {})},
    )
    for kind, audiences in notify:
        notices_queue(consultation=consultation, kind=kind, audiences=audiences)
    if consultation.state in TERMINAL:
        consultation_access_end(actor=actor, consultation=consultation)
    return consultation


@contextmanager
def refusals_audited(*, actor: Actor, action: str, consultation_id: object) -> Iterator[None]:
    """Wrap a step's transaction: a step refused by the machine (409) is written down after
    the rollback, in its own transaction, so the refusal itself is never lost."""
    try:
        yield
    except Conflict as error:
        audit.record_refusal(
            actor=actor,
            action=f"consultation.{action}",
            reason=error.code,
            object_type="consultation",
            object_id=str(consultation_id)[:64],
        )
        raise
