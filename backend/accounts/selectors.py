"""Reads of accounts, agreements and sessions. Other apps rely on `actor_for` and
`may_store_health_data`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts import agreement_texts, sealed
from accounts.models import Agreement, AgreementEnd, AgreementKind, AuthSession, Role, User
from common.actors import Actor
from common.crypto.aead import DecryptionError
from common.crypto.envelope import KeyDestroyed


def actor_for(user: User) -> Actor:
    return Actor(type=user.role, id=str(user.id), role=user.role)


def may_store_health_data(user_id: uuid.UUID | str) -> bool:
    """True only for an active patient whose sensitive-health-data agreement stands.

    Ingestion asks this before storing anything: without that agreement Korean law (PIPA
    Art. 23) does not let us process the data at all.
    """
    return Agreement.objects.filter(
        user_id=user_id,
        user__is_active=True,
        user__role=Role.PATIENT,
        kind=AgreementKind.SENSITIVE_HEALTH_DATA,
        ended_at__isnull=True,
    ).exists()


@dataclass(frozen=True)
class AgreementState:
    kind: str
    required: bool
    current_version: str
    status: str  # given | withdrawn | not_given
    version: str | None
    language: str | None
    given_at: datetime | None
    withdrawn_at: datetime | None


def _state(kind: str, latest: Agreement | None) -> AgreementState:
    status = "not_given"
    withdrawn_at = None
    if latest is not None:
        withdrawn = latest.end_reason == AgreementEnd.WITHDRAWN
        status = "withdrawn" if withdrawn else "given"
        withdrawn_at = latest.ended_at if withdrawn else None
    return AgreementState(
        kind=kind,
        required=kind in agreement_texts.required_kinds(),
        current_version=agreement_texts.current_version(kind),
        status=status,
        version=latest.version if latest else None,
        language=latest.language if latest else None,
        given_at=latest.given_at if latest else None,
        withdrawn_at=withdrawn_at,
    )


def agreements_of(user: User) -> list[AgreementState]:
    """Each kind's state: the last row of that kind decides it."""
    latest: dict[str, Agreement] = {}
    for row in Agreement.objects.filter(user=user).order_by("given_at"):
        latest[row.kind] = row
    return [_state(kind, latest.get(kind)) for kind in agreement_texts.kinds()]


def agreement_of(user: User, kind: str) -> AgreementState:
    return next(state for state in agreements_of(user) if state.kind == kind)


def sessions_of(user: User) -> list[AuthSession]:
    """Live sessions (devices), most recently used first."""
    return list(
        AuthSession.objects.filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-last_seen_at")
    )


def email_verification_overdue(user: User) -> bool:
    """An unverified account works for ACCOUNTS_UNVERIFIED_GRACE_DAYS, then must verify."""
    if user.email_verified_at is not None:
        return False
    grace = timedelta(days=settings.ACCOUNTS_UNVERIFIED_GRACE_DAYS)
    return timezone.now() - user.date_joined > grace


def passport_hint(user: User) -> str | None:
    """The last three characters, enough for the owner to recognise it; None if none held."""
    if not user.passport_number:
        return None
    try:
        number = sealed.unseal(user, "passport_number", bytes(user.passport_number))
    except (KeyDestroyed, DecryptionError):
        return None
    return "•" * max(0, len(number) - 3) + number[-3:]


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower()).first()
