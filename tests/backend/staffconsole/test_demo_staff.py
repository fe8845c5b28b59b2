"""`manage.py load_demo_staff`: the Seoul demo hospital's coordinator and doctor, with TOTP."""

from __future__ import annotations

import io
import re

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from staffconsole.management.commands.load_demo_staff import DEMO_STAFF, SEOUL_HIRA


def _run() -> str:
    out = io.StringIO()
    call_command("load_demo_staff", stdout=out)
    return out.getvalue()


def test_it_needs_the_demo_hospitals_first(db):
    with pytest.raises(CommandError, match="load_demo_hospitals"):
        _run()


@pytest.fixture
def seoul(db, _fresh_limits):
    from hospitals.models import Organization

    return Organization.objects.create(names={"en": "Seoul General"}, identifier_value=SEOUL_HIRA)


def test_it_creates_a_coordinator_and_a_doctor_who_can_sign_in(seoul):
    from hospitals.models import StaffMembership

    printed = _run()
    roles = {m.user.email: m.role for m in StaffMembership.objects.filter(organization=seoul)}
    assert roles == {email: role for email, _name, role in DEMO_STAFF}
    coordinator = DEMO_STAFF[0][0]
    secret = re.search(r"TOTP secret: ([A-Z2-7]+)", printed).group(1)
    form = {"email": coordinator, "password": "demo-staff-pass", "otp": pyotp.TOTP(secret).now()}
    assert Client().post("/staff/sign-in", form).status_code == 303


def test_a_second_run_changes_nothing_and_prints_the_same_secrets(seoul):
    from accounts.models import User

    first = _run()
    second = _run()
    assert User.objects.filter(email__endswith="demo.pocketchart.local").count() == 2
    secrets = re.findall(r"TOTP secret: (\S+)", first)
    assert secrets == re.findall(r"TOTP secret: (\S+)", second) and len(secrets) == 2
    assert "already there" in second
