"""Staff console fixtures: the consultation personas (tests/backend/consultations/conftest.py)
plus browsers signed in to the console the real way, with password and TOTP.

- sam: hospital_a's coordinator; dana: hospital_a's doctor; bora: hospital_b's staff.
- alice (abroad, in Los Angeles) asks hospital_a for follow-up: `consultation`.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from tests.backend.consultations import conftest as consultations_fixtures
from tests.backend.consultations.conftest import make_staff
from tests.personas import PASSWORD, otp_for

# The consultation fixtures, by name (pytest finds fixtures among a conftest's globals).
_in_process_tasks = consultations_fixtures._in_process_tasks
accepted = consultations_fixtures.accepted
alice_abroad = consultations_fixtures.alice_abroad
alice_records = consultations_fixtures.alice_records
busan_staff = consultations_fixtures.busan_staff
commit = consultations_fixtures.commit
consent_to_doctor = consultations_fixtures.consent_to_doctor
consultation = consultations_fixtures.consultation
doctor = consultations_fixtures.doctor
sam = consultations_fixtures.sam

SIGN_IN = "/staff/sign-in"


def sign_in_form(user: Any, *, otp: str | None = None, steps_ahead: int = 0) -> dict[str, str]:
    code = otp if otp is not None else otp_for(user, steps_ahead=steps_ahead)
    return {"email": user.email, "password": PASSWORD, "otp": code}


def console_client(user: Any, *, steps_ahead: int = 0, **kwargs: Any) -> Client:
    """A browser signed in to the console; asserts it got in."""
    client = Client(**kwargs)
    response = client.post(SIGN_IN, sign_in_form(user, steps_ahead=steps_ahead))
    assert response.status_code == 303, response.content.decode()[:2000]
    assert response["Location"] == "/staff/"
    return client


@pytest.fixture
def dana(hospital_a: Any) -> Any:
    """hospital_a's doctor, the one requests get assigned to."""
    user = make_staff("dana@hospital-a.example", hospital_a, role="doctor")
    user.name = "Dr Dana Kim"
    user.save(update_fields=["name"])
    return user


@pytest.fixture
def sam_console(sam: Any) -> Client:
    return console_client(sam)


@pytest.fixture
def bora_console(busan_staff: Any) -> Client:
    return console_client(busan_staff)


def text_of(response: Any) -> str:
    """The page's visible text, tags dropped and spaces collapsed, for plain assertions."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def events(**filters: Any) -> list[Any]:
    from audit.models import AuditEvent

    return list(AuditEvent.objects.filter(**filters).order_by("seq"))
