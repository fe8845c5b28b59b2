"""The thread as each side may see it, and the attachments in it.

What is withheld is still listed (author, kind, time) with its body left out, so nobody
wonders whether something is missing: the patient sees that the hospital answered and that
the answer went to their home doctor first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.exceptions import NotFound
from common.ids import uuid_or_404
from consultations.models import (
    Attachment,
    Consultation,
    Invitation,
    LicenceState,
    Message,
    Party,
)
from consultations.sealing import unseal, unseal_bytes
from hospitals.models import ConsultationMode


@dataclass(frozen=True)
class Viewer:
    party: str  # consultations.models.Party
    licence_confirmed: bool = False  # the home doctor's, as confirmed by staff


def viewer_for_doctor(invitation: Invitation) -> Viewer:
    return Viewer(Party.HOME_DOCTOR, invitation.licence_state == LicenceState.CONFIRMED)


def withheld_reason(message: Message, consultation: Consultation, viewer: Viewer) -> str:
    """ "" when the viewer may read the message; otherwise why not."""
    if not message.clinical or viewer.party == Party.STAFF:
        return ""
    if viewer.party == Party.HOME_DOCTOR:
        return "" if viewer.licence_confirmed else "licence_unconfirmed"
    direct = consultation.mode == ConsultationMode.DIRECT_PATIENT
    return "" if direct or message.delivered_at else "with_home_doctor"


def _attachment(row: Attachment) -> dict[str, Any]:
    return {"id": str(row.id), "content_type": row.content_type, "size": row.size}


def _names(consultation: Consultation, messages: list[Message]) -> dict[str, str]:
    from accounts.models import User

    ids = {m.author_id for m in messages if m.author_type == Party.STAFF}
    names = {str(u.id): u.name for u in User.objects.filter(id__in=ids)}
    names[str(consultation.patient_id)] = consultation.patient.name
    invitation = Invitation.objects.filter(consultation=consultation).first()
    licence = unseal(consultation.patient_id, invitation, "licence") if invitation else None
    names[str(consultation.id)] = (licence or {}).get("name", "")
    return names


def thread(*, consultation: Consultation, viewer: Viewer) -> list[dict[str, Any]]:
    messages = list(consultation.messages.order_by("created_at").prefetch_related("attachments"))
    names = _names(consultation, messages)
    out = []
    for message in messages:
        reason = withheld_reason(message, consultation, viewer)
        out.append(
            {
                "id": str(message.id),
                "author": message.author_type,
                "author_name": names.get(message.author_id, ""),
                "kind": message.kind,
                "clinical": message.clinical,
                "created_at": message.created_at,
                "withheld": reason or None,
                "body": None if reason else unseal(consultation.patient_id, message, "body"),
                "attachments": []
                if reason
                else [_attachment(a) for a in message.attachments.all()],
            }
        )
    return out


def request_attachments(consultation: Consultation) -> list[dict[str, Any]]:
    rows = consultation.attachments.filter(message__isnull=True).order_by("created_at")
    return [_attachment(row) for row in rows]


def attachment_bytes(
    *, consultation: Consultation, viewer: Viewer, attachment_id: object
) -> tuple[str, bytes]:
    """One attachment of this consultation the viewer may see, or 404 (also for withheld)."""
    row = (
        Attachment.objects.select_related("message")
        .filter(consultation=consultation, id=uuid_or_404(attachment_id))
        .first()
    )
    if row is None or (row.message and withheld_reason(row.message, consultation, viewer)):
        raise NotFound()
    return row.content_type, unseal_bytes(consultation.patient_id, row, "data")
