"""The home doctor's side: passcode, portal session, licence statement, writing back.

The home doctor has no account. The link finds the invitation; the one-time passcode opens
a portal session (a random cookie, kept hashed) that ends with the consultation or after
CONSULTATIONS_PORTAL_SESSION_HOURS. Wrong passcodes are counted on the invitation for its
whole life, under its row lock, so parallel guesses cannot exceed the limit.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import services as audit
from audit.models import Outcome
from common import throttle
from common.actors import Actor
from common.exceptions import Conflict, Forbidden, NotFound
from consultations.models import (
    Audience,
    Consultation,
    Invitation,
    LicenceState,
    Message,
    Party,
    PortalSession,
)
from consultations.sealing import seal
from consultations.selectors.access import of_staff, staff_actor
from consultations.services.files import Upload, uploads_clean
from consultations.services.invitations import passcode_hash, token_hash
from consultations.services.messages import message_post
from consultations.services.notices import notices_queue
from consultations.states import is_open

PER_ADDRESS = throttle.Limit("consult-passcode", 30, 900)


@dataclass(frozen=True)
class Portal:
    invitation: Invitation
    consultation: Consultation

    @property
    def actor(self) -> Actor:
        return home_doctor_actor(self.consultation)


def home_doctor_actor(consultation: Consultation) -> Actor:
    # The consent policy knows the consultation's parties as grantee "consultation".
    return Actor(type="consult", id=str(consultation.id), role="home_doctor")


def invitation_by_link(token: str, *, lock: bool = False) -> Invitation:
    """The invitation behind a link, while its consultation is open; otherwise 404."""
    rows = Invitation.objects.select_related(
        "consultation", "consultation__organization", "consultation__transfer_consent"
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.filter(link_hash=token_hash(token)).first()
    now = timezone.now()
    if row is None or not is_open(row.consultation.state) or row.consultation.expires_at <= now:
        raise NotFound()
    transfer = row.consultation.transfer_consent
    if transfer is not None and (transfer.withdrawn_at or transfer.expires_at <= now):
        raise NotFound()  # the patient withdrew the transfer abroad: nothing leaves any more
    return row


def portal_resume(*, token: str, session_token: str) -> Portal | None:
    """The portal for this link and cookie, or None when the passcode must be entered."""
    invitation = invitation_by_link(token)
    if not session_token:
        return None
    found = PortalSession.objects.filter(
        invitation=invitation,
        token_hash=token_hash(session_token),
        expires_at__gt=timezone.now(),
    ).exists()
    return Portal(invitation, invitation.consultation) if found else None


def _attempt_refused(invitation: Invitation, reason: str) -> None:
    audit.record(
        actor=home_doctor_actor(invitation.consultation),
        action="consultation.portal.passcode",
        outcome=Outcome.DENIED,
        patient_id=invitation.consultation.patient_id,
        object_type="consultation",
        object_id=invitation.consultation_id,
        detail={"reason": reason, "failed": invitation.failed_attempts},
    )


def _session_open(invitation: Invitation) -> str:
    session_token = secrets.token_urlsafe(32)
    hours = timedelta(hours=settings.CONSULTATIONS_PORTAL_SESSION_HOURS)
    ends = min(invitation.consultation.expires_at, timezone.now() + hours)
    PortalSession.objects.create(
        invitation=invitation, token_hash=token_hash(session_token), expires_at=ends
    )
    return session_token


def passcode_redeem(*, token: str, passcode: str, client_ip: str) -> str:
    """A portal session token for the right passcode; Forbidden (with attempts left) if not."""
    throttle.check(PER_ADDRESS, client_ip)
    throttle.hit(PER_ADDRESS, client_ip)
    limit = settings.CONSULTATIONS_PASSCODE_ATTEMPTS
    with audit.atomic():
        invitation = invitation_by_link(token, lock=True)
        right = hmac.compare_digest(invitation.passcode_hash, passcode_hash(passcode))
        usable = invitation.passcode_used_at is None and invitation.failed_attempts < limit
        if right and usable:
            invitation.passcode_used_at = timezone.now()
            invitation.save(update_fields=["passcode_used_at", "updated_at"])
            audit.record(
                actor=home_doctor_actor(invitation.consultation),
                action="consultation.portal.passcode",
                patient_id=invitation.consultation.patient_id,
                object_type="consultation",
                object_id=invitation.consultation_id,
            )
            return _session_open(invitation)
        if usable:
            invitation.failed_attempts += 1
            invitation.save(update_fields=["failed_attempts", "updated_at"])
        _attempt_refused(invitation, "wrong" if usable else "locked_or_used")
        left = (
            max(0, limit - invitation.failed_attempts) if invitation.passcode_used_at is None else 0
        )
    raise Forbidden(
        _("This passcode is not valid (%(left)d attempts left). Ask the patient for a new one.")
        % {"left": left},
        code="bad_passcode",
        extra={"remaining_attempts": left},
    )


def licence_state(*, portal: Portal, name: str, number: str, country: str) -> None:
    """The doctor says who they are; staff must confirm it before clinical answers show."""
    invitation = portal.invitation
    with audit.atomic():
        invitation.licence = seal(
            portal.consultation.patient_id,
            invitation,
            "licence",
            {"name": name.strip(), "number": number.strip()},
        )
        invitation.licence_country = country.upper()
        invitation.licence_state = LicenceState.STATED
        invitation.licence_decided_by, invitation.licence_decided_at = "", None
        invitation.save()
        audit.record(
            actor=portal.actor,
            action="consultation.licence.state",
            patient_id=portal.consultation.patient_id,
            object_type="consultation",
            object_id=portal.consultation.id,
            detail={"country": invitation.licence_country},
        )
        notices_queue(
            consultation=portal.consultation, kind="licence_stated", audiences=[Audience.STAFF]
        )


def licence_decide(*, user: User, consultation_id: object, confirmed: bool) -> Invitation:
    actor = staff_actor(user)
    with audit.atomic():
        row = of_staff(user=user, actor=actor, consultation_id=consultation_id, action="licence")
        invitation = Invitation.objects.select_for_update().filter(consultation=row).first()
        if invitation is None or invitation.licence_state == LicenceState.NOT_STATED:
            raise Conflict(_("The home doctor has not stated a licence yet."), code="no_licence")
        invitation.licence_state = LicenceState.CONFIRMED if confirmed else LicenceState.REJECTED
        invitation.licence_decided_by, invitation.licence_decided_at = actor.id, timezone.now()
        invitation.save()
        audit.record(
            actor=actor,
            action="consultation.licence.confirm" if confirmed else "consultation.licence.reject",
            patient_id=row.patient_id,
            object_type="consultation",
            object_id=row.id,
            detail={"country": invitation.licence_country},
        )
        kind = "licence_confirmed" if confirmed else "licence_rejected"
        notices_queue(consultation=row, kind=kind, audiences=[Audience.HOME_DOCTOR])
    return invitation


def message_post_by_doctor(*, portal: Portal, body: str, files: list[Upload]) -> Message:
    if portal.invitation.licence_state == LicenceState.NOT_STATED:
        raise Conflict(_("State your name and licence first."), code="no_licence")
    cleaned = uploads_clean(files)
    with audit.atomic():
        return message_post(
            actor=portal.actor,
            consultation=portal.consultation,
            party=Party.HOME_DOCTOR,
            body=body,
            files=cleaned,
        )


def answers_deliver(*, portal: Portal) -> int:
    """Mark the hospital's clinical messages as delivered the first time the confirmed home
    doctor's page shows them; in the default mode that releases them to the patient too."""
    if portal.invitation.licence_state != LicenceState.CONFIRMED:
        return 0
    with audit.atomic():
        pending = list(
            Message.objects.select_for_update()
            .filter(consultation=portal.consultation, clinical=True, delivered_at__isnull=True)
            .values_list("id", flat=True)
        )
        if not pending:
            return 0
        Message.objects.filter(id__in=pending).update(delivered_at=timezone.now())
        audit.record(
            actor=portal.actor,
            action="consultation.answer.deliver",
            patient_id=portal.consultation.patient_id,
            object_type="consultation",
            object_id=portal.consultation.id,
            detail={"messages": [str(i) for i in pending]},
        )
        notices_queue(
            consultation=portal.consultation, kind="answer_shared", audiences=[Audience.PATIENT]
        )
    return len(pending)
