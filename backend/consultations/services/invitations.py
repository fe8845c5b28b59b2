"""The home doctor's invitation: a link and a one-time passcode, both expiring with the
consultation. Only hashes are kept for lookup; the link is also sealed so later emails can
carry it, and the passcode travels once, sealed in its outbox row until the email is sent."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.actors import Actor
from common.crypto.envelope import server_subkey
from common.exceptions import Conflict
from consultations.models import Audience, Consultation, Invitation, PortalSession
from consultations.sealing import seal
from consultations.selectors.access import of_patient
from consultations.services.notices import notices_queue
from consultations.states import is_open

# No 0/O or 1/I/L: read aloud over a phone, or copied by hand from the patient's screen.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PASSCODE_LENGTH = 10


@dataclass(frozen=True)
class Issued:
    link: str
    passcode: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def passcode_hash(passcode: str) -> str:
    # Keyed: a passcode has ~49 bits, too few to leave as a plain hash in a dump.
    normal = passcode.strip().upper().replace("-", "").replace(" ", "")
    return hmac.new(server_subkey("consult-passcode"), normal.encode(), hashlib.sha256).hexdigest()


def portal_url(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}/consult/{token}/"


def _new_passcode() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(PASSCODE_LENGTH))


def invitation_issue(*, actor: Actor, consultation: Consultation) -> Issued:
    """A new link and passcode (a re-issue replaces both and signs the doctor out)."""
    if not consultation.home_doctor or not is_open(consultation.state):
        raise Conflict(_("There is no home doctor to invite now."), code="no_home_doctor")
    token, passcode = secrets.token_urlsafe(32), _new_passcode()
    row = Invitation.objects.filter(consultation=consultation).first() or Invitation(
        consultation=consultation
    )
    row.link_hash, row.passcode_hash = token_hash(token), passcode_hash(passcode)
    row.link = seal(consultation.patient_id, row, "link", token)
    row.passcode_used_at, row.failed_attempts, row.issued_at = None, 0, timezone.now()
    row.save()
    PortalSession.objects.filter(invitation=row).delete()
    audit.record(
        actor=actor,
        action="consultation.invitation.issue",
        patient_id=consultation.patient_id,
        object_type="consultation",
        object_id=consultation.id,
        purpose="follow-up",
    )
    notices_queue(
        consultation=consultation,
        kind="invitation",
        audiences=[Audience.HOME_DOCTOR],
        secret={"passcode": passcode},
    )
    return Issued(portal_url(token), passcode)


def invitation_reissue(*, patient: User, consultation_id: object) -> Issued:
    """The patient asks again: for a doctor reached by phone, the patient relays the code."""
    actor = actor_for(patient)
    with audit.atomic():
        row = of_patient(
            actor=actor, consultation_id=consultation_id, action="invitation.issue", lock=True
        )
        return invitation_issue(actor=actor, consultation=row)
