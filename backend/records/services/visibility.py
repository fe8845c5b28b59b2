"""The patient hides an entry from their own views and exports, or shows it again.

Hiding changes no record: the hospital's document, its versions and the index row stay as
they are; only the row's `hidden` flag moves. Each change is audited in its transaction.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from audit import services as audit
from common.actors import Actor
from common.exceptions import NotFound
from records.selectors.access import PURPOSE, own_entries


def entry_hide(*, actor: Actor, patient_id: uuid.UUID, entry_id: uuid.UUID) -> bool:
    return _set_hidden(actor, patient_id, entry_id, hidden=True)


def entry_unhide(*, actor: Actor, patient_id: uuid.UUID, entry_id: uuid.UUID) -> bool:
    return _set_hidden(actor, patient_id, entry_id, hidden=False)


def _set_hidden(actor: Actor, patient_id: uuid.UUID, entry_id: uuid.UUID, *, hidden: bool) -> bool:
    action = "record.hide" if hidden else "record.unhide"
    try:
        with audit.atomic():
            rows = own_entries(actor=actor, patient_id=patient_id).filter(id=entry_id)
            entry = rows.select_for_update().only("id", "hidden").first()
            if entry is None:
                raise NotFound()
            changed = entry.hidden != hidden
            if changed:
                rows.update(hidden=hidden, updated_at=timezone.now())
            audit.record(
                actor=actor,
                action=action,
                patient_id=patient_id,
                object_type="index_entry",
                object_id=entry.id,
                purpose=PURPOSE,
                detail={"changed": changed},
            )
    except NotFound:
        audit.record_refusal(
            actor=actor, action=action, reason="not_found", object_type="index_entry",
            object_id=entry_id, purpose=PURPOSE,
        )  # fmt: skip
        raise
    return hidden
