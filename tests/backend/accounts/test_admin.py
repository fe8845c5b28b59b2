"""The Django admin: operators only, password and TOTP, idle sessions lapse."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.backend.accounts.conftest import events
from tests.personas import PASSWORD, otp_for


def admin_login(client: Client, email: str, otp: str = "", password: str = PASSWORD) -> Any:
    body = {"username": email, "password": password, "otp": otp}
    return client.post("/admin/login/?next=/admin/", body)


def test_an_operator_signs_in_with_password_and_totp(operator):
    client = Client()
    response = admin_login(client, "olivia@pocketchart.example", otp_for(operator))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert events("auth.login", outcome="denied") == []


def test_admin_login_without_totp_is_refused(operator):
    client = Client()
    response = admin_login(client, "olivia@pocketchart.example")
    assert response.status_code == 200  # the form again, with its error
    assert b"errornote" in response.content
    assert client.get("/admin/").status_code == 302
    [refusal] = events("auth.login")
    assert (refusal.object_id, refusal.detail) == (
        str(operator.id),
        {"reason": "invalid_credentials"},
    )


def test_a_password_only_session_does_not_open_the_admin(operator):
    client = Client()
    client.force_login(operator)  # a Django session without the TOTP mark
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_staff_cannot_use_the_admin_even_with_totp(staff_member):
    staff_member.is_staff = True  # even if someone ticks the box by mistake
    staff_member.save(update_fields=["is_staff"])
    client = Client()
    admin_login(client, "sam@hospital-a.example", otp_for(staff_member))
    assert client.get("/admin/").status_code == 302


def test_admin_login_counts_towards_the_lockout(operator):
    client = Client()
    for _ in range(5):
        admin_login(client, "olivia@pocketchart.example", otp_for(operator), password="wrong")
    admin_login(client, "olivia@pocketchart.example", otp_for(operator))
    assert client.get("/admin/").status_code == 302
    assert len(events("auth.lockout")) == 1


def test_an_idle_admin_session_must_sign_in_again(operator, clock):
    client = Client()
    admin_login(client, "olivia@pocketchart.example", otp_for(operator))
    clock.advance(minutes=29)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=31)
    assert client.get("/admin/").status_code == 302
