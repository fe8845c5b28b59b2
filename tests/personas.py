"""Account personas, a pytest plugin (tests/conftest.py loads it for the whole suite).

- alice: a Korean patient with every agreement (sensitive health data included), verified.
- bob: another patient, from Japan; sees nothing of alice's.
- staff_member: hospital staff with TOTP. operator: runs the service, TOTP too.
- api(user=None): an APIClient; given a user, it carries a real access token from a real
  session (accounts.services.session_start), never force_authenticate. The client's
  `tokens` attribute holds the session's token pair.

Everything is made through the accounts services, so personas exercise the real code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # this module is a pytest plugin, loaded before Django is configured
    from rest_framework.test import APIClient

    from accounts.models import User

PASSWORD = "correct horse battery staple 42"


def make_patient(
    *,
    email: str,
    name: str,
    birth_date: dt.date,
    country: str,
    language: str,
    time_zone: str,
    passport_number: str | None = None,
    sensitive: bool = True,
) -> User:
    from accounts import agreement_texts, links
    from accounts.models import AgreementKind, User
    from accounts.services import AgreementGiven, Registration, email_verify, user_register

    kinds = [
        k for k in agreement_texts.kinds() if sensitive or k != AgreementKind.SENSITIVE_HEALTH_DATA
    ]
    data = Registration(
        email=email,
        password=PASSWORD,
        name=name,
        birth_date=birth_date,
        preferred_language=language,
        time_zone=time_zone,
        country=country,
        passport_number=passport_number,
        agreements=[AgreementGiven(k, agreement_texts.current_version(k), language) for k in kinds],
    )
    user = user_register(data=data, client_ip="192.0.2.10")
    assert user is not None, f"{email} already exists"
    email_verify(token=links.verify_token(user))
    return User.objects.get(id=user.id)


def otp_for(user: User, *, steps_ahead: int = 0) -> str:
    """The user's TOTP code now (or a step later: a code is accepted only once)."""
    from django.utils import timezone

    from accounts.totp import totp_of

    totp = totp_of(user)
    assert totp is not None, "this user has no TOTP"
    return totp.at(timezone.now() + dt.timedelta(seconds=30 * steps_ahead))


@pytest.fixture
def _fresh_limits(settings: Any) -> None:
    """Counters live in the cache, which outlives a test: give each test its own."""
    settings.ACCOUNTS_RATE_NAMESPACE = f"test-{uuid.uuid4().hex}"


@pytest.fixture
def alice(db: None, _fresh_limits: None) -> User:
    return make_patient(
        email="alice@example.org",
        name="김앨리스",
        birth_date=dt.date(1980, 4, 2),
        country="KR",
        language="ko",
        time_zone="Asia/Seoul",
    )


@pytest.fixture
def bob(db: None, _fresh_limits: None) -> User:
    return make_patient(
        email="bob@example.jp",
        name="山田ボブ",
        birth_date=dt.date(1975, 11, 23),
        country="JP",
        language="ja",
        time_zone="Asia/Tokyo",
        passport_number="TK1234567",
    )


def _staff(email: str, role: str, name: str) -> User:
    from accounts.services import staff_create
    from common.actors import SYSTEM

    return staff_create(actor=SYSTEM, email=email, role=role, name=name, password=PASSWORD).user


@pytest.fixture
def staff_member(db: None, _fresh_limits: None) -> User:
    return _staff("sam@hospital-a.example", "staff", "Sam Coordinator")


@pytest.fixture
def operator(db: None, _fresh_limits: None) -> User:
    return _staff("olivia@pocketchart.example", "operator", "Olivia Operator")


@pytest.fixture
def api(db: None) -> Callable[..., APIClient]:
    from rest_framework.test import APIClient

    from accounts.services import session_start
    from accounts.signing import reset_cache

    reset_cache()  # keys cached by an earlier test were rolled back with its database

    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            pair = session_start(user=user, client_ip="192.0.2.10", user_agent="pytest")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
            client.tokens = pair  # type: ignore[attr-defined]
        return client

    return make
