"""Operators' commands: create_staff, rotate_signing_key, load_demo."""

from __future__ import annotations

import io

import pyotp
import pytest
from django.core.management import CommandError, call_command

from accounts.models import SigningKey, User
from accounts.totp import totp_of, totp_verify
from tests.backend.accounts.conftest import events


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_staff_prints_the_totp_provisioning_uri(db):
    output = run("create_staff", "--email", "Nurse@Hospital.example", "--role", "staff")
    user = User.objects.get(email="nurse@hospital.example")
    assert (user.role, user.is_staff, user.email_verified_at is not None) == ("staff", False, True)
    uri = next(line for line in output.splitlines() if "otpauth://" in line).split(": ", 1)[1]
    secret = pyotp.parse_uri(uri).secret
    assert totp_verify(user, pyotp.TOTP(secret).now())
    assert b"JBSW" not in bytes(user.totp_secret) and secret.encode() not in bytes(user.totp_secret)
    assert [e.detail for e in events("account.create")] == [{"role": "staff"}]


def test_create_staff_refuses_a_taken_email(alice):
    with pytest.raises(CommandError):
        run("create_staff", "--email", "alice@example.org", "--role", "operator")


def test_create_staff_makes_operators_admin_users(db):
    run("create_staff", "--email", "ops@pocketchart.example", "--role", "operator")
    user = User.objects.get(email="ops@pocketchart.example")
    assert user.is_staff and user.is_superuser and user.role == "operator"


def test_rotate_signing_key_adds_a_key_and_retires_the_old_one(db):
    first = run("rotate_signing_key").split()[3]
    second = run("rotate_signing_key").split()[3]
    keys = {k.kid: k for k in SigningKey.objects.all()}
    assert keys[first].verify_until is not None and keys[second].verify_until is None
    assert b"PRIVATE" not in bytes(keys[second].private_sealed)


def test_load_demo_makes_an_operator_with_totp_and_is_idempotent(db):
    first = run("load_demo")
    second = run("load_demo")
    operator = User.objects.get(email="operator@demo.pocketchart.local")
    totp = totp_of(operator)
    assert totp is not None and totp.secret in first and totp.secret in second
    assert "created" in first and "already there" in second
    assert User.objects.filter(role="operator").count() == 1
