"""Patients sign themselves up; the answer never says whether the email was already taken.

An existing owner gets an email saying someone tried, and the request costs the same password
hash either way, so neither the answer nor its timing gives the address away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import limits, links, sealed
from accounts.models import Role, User
from accounts.selectors import actor_for, user_by_email
from accounts.services.agreements import AgreementGiven, agreement_record, agreements_check
from accounts.tasks import send_account_email
from audit import services as audit
from common.exceptions import ValidationFailed

REGISTRATIONS_PER_HOUR = 10  # per address: enough for a family on one network


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    name: str
    birth_date: dt.date
    preferred_language: str
    time_zone: str
    country: str
    passport_number: str | None
    agreements: Sequence[AgreementGiven]


def password_check(password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationFailed(fields={field: list(error.messages)}) from None


def _email_later(user_id: object, kind: str) -> None:
    transaction.on_commit(lambda: send_account_email.delay(str(user_id), kind))


def _new_user(data: Registration) -> User:
    user = User(
        email=data.email.strip().lower(),
        role=Role.PATIENT,
        name=data.name,
        birth_date=data.birth_date,
        preferred_language=data.preferred_language,
        time_zone=data.time_zone,
        country=data.country,
    )
    user.set_password(data.password)
    return user


def user_register(*, data: Registration, client_ip: str) -> User | None:
    """The new patient, or None when the email already had an account (told by email)."""
    limits.hit("register", client_ip, limit=REGISTRATIONS_PER_HOUR, minutes=60)
    agreements_check(data.agreements, registering=True)
    user = _new_user(data)
    password_check(data.password, user)
    existing = user_by_email(user.email)
    if existing is None:
        try:
            return _create(user, data)
        except IntegrityError:  # registered by a parallel request a moment ago
            existing = user_by_email(user.email)
    if existing is not None and existing.is_active:
        make_password(data.password)  # keep the cost of both paths alike
        _email_later(existing.id, "already_registered")
    return None


def _create(user: User, data: Registration) -> User:
    now = timezone.now()
    with audit.atomic():
        if data.passport_number:  # sealed only now: a data key is made for real users only
            user.passport_number = sealed.seal(user, "passport_number", data.passport_number)
        user.save()
        for item in data.agreements:
            agreement_record(user=user, item=item, now=now)
        audit.record(
            actor=actor_for(user),
            action="account.register",
            patient_id=user.id,
            object_type="user",
            object_id=user.id,
        )
        _email_later(user.id, "verify")
    return user


def email_verify(*, token: str) -> User:
    user = links.verify_user(token)
    if user is None:
        raise ValidationFailed(
            _("This link is not valid or has expired. Ask for a new one."), code="invalid_token"
        )
    if user.email_verified_at is None:
        with audit.atomic():
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            audit.record(
                actor=actor_for(user),
                action="account.email_verify",
                patient_id=user.id if user.role == Role.PATIENT else None,
                object_type="user",
                object_id=user.id,
            )
    return user


def verification_resend(*, email: str, client_ip: str) -> None:
    """Send the link again; says nothing about whether the email has an account."""
    limits.hit("resend", client_ip, limit=REGISTRATIONS_PER_HOUR, minutes=60)
    user = user_by_email(email)
    if user is not None and user.is_active and user.email_verified_at is None:
        send_account_email.delay(str(user.id), "verify")
