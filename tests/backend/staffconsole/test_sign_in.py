"""Signing in to the console: password and TOTP through the shared credentials check, the
shared lockout, the idle time-out, signing out."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from staffconsole.session import SEEN
from tests.backend.staffconsole.conftest import (
    SIGN_IN,
    console_client,
    events,
    sign_in_form,
    text_of,
)
from tests.personas import PASSWORD


def test_the_queue_sends_a_stranger_to_the_sign_in_form(db):
    response = Client().get("/staff/")
    assert response.status_code == 303
    assert response["Location"] == "/staff/sign-in?next=%2Fstaff%2F"
    form = Client().get(response["Location"])
    assert form.status_code == 200
    assert 'name="otp"' in form.content.decode()


def test_password_and_code_sign_in_and_the_login_is_audited(sam):
    client = console_client(sam)
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Seoul General Hospital" in text_of(page)
    [login] = events(action="auth.login", outcome="success", actor_id=str(sam.id))
    assert login.detail == {"via": "staff_console"}
    assert login.actor_type == "staff"


def test_a_wrong_code_is_refused_and_audited(sam):
    client = Client()
    response = client.post(SIGN_IN, sign_in_form(sam, otp="000000"))
    assert response.status_code == 401
    assert "The email, password or code is not correct." in text_of(response)
    assert client.get("/staff/").status_code == 303  # not signed in
    [refusal] = events(action="auth.login", outcome="denied")
    assert refusal.detail["reason"] == "invalid_credentials"
    assert refusal.object_id == str(sam.id)


def test_a_missing_code_is_refused_and_audited_like_a_wrong_one(sam):
    response = Client().post(SIGN_IN, {"email": sam.email, "password": PASSWORD})
    assert response.status_code == 401
    [refusal] = events(action="auth.login", outcome="denied")
    assert refusal.detail["reason"] == "invalid_credentials"


def test_a_code_is_accepted_once(sam):
    form = sign_in_form(sam)
    assert Client().post(SIGN_IN, form).status_code == 303
    assert Client().post(SIGN_IN, form).status_code == 401


def test_failures_in_the_console_lock_the_api_too(sam, api, settings):
    for _ in range(settings.ACCOUNTS_LOCKOUT_FAILURES):
        assert Client().post(SIGN_IN, sign_in_form(sam, otp="111111")).status_code == 401
    body = {"email": sam.email, "password": PASSWORD, "otp": sign_in_form(sam)["otp"]}
    assert api().post("/api/v1/auth/login", body, format="json").status_code == 429
    assert events(action="auth.lockout", outcome="denied")


def test_failures_in_the_api_lock_the_console(sam, api, settings):
    wrong = {"email": sam.email, "password": PASSWORD, "otp": "111111"}
    for _ in range(settings.ACCOUNTS_LOCKOUT_FAILURES):
        api().post("/api/v1/auth/login", wrong, format="json")
    locked = Client().post(SIGN_IN, sign_in_form(sam))
    assert locked.status_code == 429
    assert locked["Retry-After"]
    assert "Seoul General Hospital" not in text_of(locked)


def test_a_patient_with_the_right_password_is_refused(alice):
    response = Client().post(SIGN_IN, {"email": alice.email, "password": PASSWORD, "otp": ""})
    assert response.status_code == 401
    [refusal] = events(action="auth.login", outcome="denied")
    assert refusal.detail["reason"] == "not_hospital_staff"


def test_staff_without_a_hospital_are_refused(staff_member):
    response = Client().post(SIGN_IN, sign_in_form(staff_member))
    assert response.status_code == 401
    assert events(action="auth.login", outcome="denied")[0].detail["reason"] == (
        "not_hospital_staff"
    )


def _age_session(client: Client, minutes: int) -> None:
    session = client.session
    session[SEEN] = float(session[SEEN]) - timedelta(minutes=minutes).total_seconds()
    session.save()


def test_an_idle_session_is_signed_out(sam, settings):
    settings.ACCOUNTS_STAFF_IDLE_MINUTES = 20
    client = console_client(sam)
    _age_session(client, 21)
    response = client.get("/staff/")
    assert response.status_code == 303
    assert response["Location"].startswith("/staff/sign-in?idle=1")
    assert "signed out because the screen was idle" in text_of(client.get(response["Location"]))
    assert client.get("/staff/").status_code == 303  # the session is gone, not just paused
    [logout] = events(action="auth.logout")
    assert logout.detail == {"via": "staff_console", "reason": "idle"}


def test_activity_keeps_the_session_alive(sam, settings):
    settings.ACCOUNTS_STAFF_IDLE_MINUTES = 20
    client = console_client(sam)
    _age_session(client, 15)
    assert client.get("/staff/").status_code == 200
    _age_session(client, 15)  # 30 minutes since sign-in, 15 since the last page
    assert client.post("/staff/session/keep-alive").status_code == 204
    assert client.get("/staff/").status_code == 200


def test_signing_out_ends_the_session(sam):
    client = console_client(sam)
    response = client.post("/staff/sign-out")
    assert response.status_code == 303
    assert client.get("/staff/").status_code == 303
    [logout] = events(action="auth.logout")
    assert logout.detail["reason"] == "sign_out"


def test_an_api_session_does_not_open_the_console(sam, api):
    client = api(sam)  # a real staff access token, but no console sign-in
    assert client.get("/staff/").status_code == 303


def test_the_next_page_is_kept_but_never_off_site(sam):
    form = sign_in_form(sam)
    inside = Client().post(f"{SIGN_IN}?next=/staff/corrections", form)
    assert inside["Location"] == "/staff/corrections"
    outside = Client().post(f"{SIGN_IN}?next=//evil.example/", sign_in_form(sam, steps_ahead=1))
    assert outside["Location"] == "/staff/"
