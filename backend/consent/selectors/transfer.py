"""The patient's transfer-abroad consents, with the recipient's name unsealed for them."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from common.actors import Actor
from common.exceptions import NotFound
from consent.models import TransferConsent
from consent.services.access import own_read_logged
from consent.services.transfer import recipient_name_of


def transfer_consents_of(*, actor: Actor, patient: User) -> list[dict[str, Any]]:
    if actor.type != "patient" or actor.id != str(patient.id):
        raise NotFound()
    own_read_logged(actor=actor, action="consent.transfer.list")
    rows = TransferConsent.objects.filter(patient=patient).order_by("-given_at")
    return [
        {
            "id": str(row.id),
            "recipient_name": recipient_name_of(row),
            "country": row.country,
            "items": list(row.items),
            "starts_at": row.starts_at,
            "expires_at": row.expires_at,
            "language": row.language,
            "given_at": row.given_at,
            "withdrawn_at": row.withdrawn_at,
        }
        for row in rows
    ]
