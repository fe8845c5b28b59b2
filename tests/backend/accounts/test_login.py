"""Login: one answer for every failure, lockout, throttling by address, TOTP for staff."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import AuthSession
from accounts.services import login as login_service
from tests.backend.accounts.conftest import assert_no_email_in_audit, events
from tests.personas import PASSWORD, otp_for

INVALID = {
    "code": "invalid_credentials",
    "message": "The email, password or code is not correct.",
    "fields": {},
}


def login(api: Any, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    headers = extra.pop("headers", {})
    return api().post(
        "/api/v1/auth/login",
        {"email": email, "password": password, **extra},
        format="json",
        **headers,
    )


def test_unknown_email_and_wrong_password_get_the_same_answer(api, alice):
    unknown = login(api, "nobody@example.org", "whatever-password")
    wrong = login(api, "alice@example.org", "not-her-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == {"error": INVALID}


def test_an_unknown_email_still_costs_a_password_hash(api, db, monkeypatch):
    hashed: list[str] = []
    monkeypatch.setattr(login_service, "make_password", hashed.append)
    login(api, "nobody@example.org", "guess-one")
    assert hashed == ["guess-one"]


def test_refused_logins_are_audited_by_user_id_and_never_by_email(api, alice):
    login(api, "alice@example.org", "wrong")
    login(api, "nobody@example.org", "wrong")
    known, unknown = events("auth.login")
    assert (known.outcome, known.object_id, known.detail) == (
        "denied",
        str(alice.id),
        {"reason": "invalid_credentials"},
    )
    assert (unknown.object_id, unknown.actor_id, unknown.patient_id) == ("", "", "")
    assert_no_email_in_audit("alice@example.org", "nobody@example.org")


def test_five_failures_lock_the_account_even_for_the_right_password(api, alice):
    for _ in range(5):
        assert login(api, "alice@example.org", "wrong").status_code == 401
    response = login(api, "alice@example.org")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked"
    assert 800 < int(response["Retry-After"]) <= 900
    [lockout] = events("auth.lockout")
    assert (lockout.object_id, lockout.detail) == (str(alice.id), {"reason": "too_many_failures"})
    assert events("auth.login")[-1].detail == {"reason": "locked"}


def test_the_lock_lifts_after_fifteen_minutes(api, alice, clock):
    for _ in range(5):
        login(api, "alice@example.org", "wrong")
    clock.advance(minutes=14)
    assert login(api, "alice@example.org").status_code == 429
    clock.advance(minutes=1, seconds=1)
    assert login(api, "alice@example.org").status_code == 200


def test_an_unknown_email_locks_like_a_known_one(api, db):
    for _ in range(5):
        login(api, "nobody@example.org", "wrong")
    assert login(api, "nobody@example.org", "wrong").status_code == 429


def test_a_success_clears_earlier_failures(api, alice):
    for _ in range(4):
        login(api, "alice@example.org", "wrong")
    assert login(api, "alice@example.org").status_code == 200
    for _ in range(4):
        login(api, "alice@example.org", "wrong")
    assert login(api, "alice@example.org").status_code == 200


def test_one_address_is_throttled_across_emails(api, alice, settings):
    settings.ACCOUNTS_ADDRESS_FAILURES = 3
    for n in range(3):
        login(api, f"guess{n}@example.org", "wrong", headers={"REMOTE_ADDR": "203.0.113.5"})
    response = login(api, "alice@example.org", headers={"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    other = login(api, "alice@example.org", headers={"REMOTE_ADDR": "198.51.100.1"})
    assert other.status_code == 200


def test_a_spoofed_forwarded_header_does_not_escape_the_throttle(api, alice, settings):
    settings.ACCOUNTS_ADDRESS_FAILURES = 3
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        spoof = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": f"10.0.0.{n}"}
        login(api, f"guess{n}@example.org", "wrong", headers=spoof)
    spoof = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    assert login(api, "alice@example.org", headers=spoof).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(api, alice, settings):
    settings.ACCOUNTS_ADDRESS_FAILURES = 2
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}
    for n in range(2):
        login(api, f"guess{n}@example.org", "wrong", headers=proxy)
    assert login(api, "alice@example.org", headers=proxy).status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.9"}
    assert login(api, "alice@example.org", headers=other).status_code == 200


def test_staff_login_without_totp_is_refused(api, staff_member):
    response = login(api, "sam@hospital-a.example")
    assert response.status_code == 401 and response.json() == {"error": INVALID}
    assert not AuthSession.objects.filter(user=staff_member).exists()


def test_staff_login_with_a_wrong_totp_is_refused(api, staff_member):
    wrong = "000000" if otp_for(staff_member) != "000000" else "111111"
    assert login(api, "sam@hospital-a.example", otp=wrong).status_code == 401


def test_staff_login_with_totp_succeeds_once_per_code(api, staff_member):
    code = otp_for(staff_member)
    first = login(api, "sam@hospital-a.example", otp=code)
    assert first.status_code == 200
    assert login(api, "sam@hospital-a.example", otp=code).status_code == 401  # replayed
    later = otp_for(staff_member, steps_ahead=1)
    assert login(api, "sam@hospital-a.example", otp=later).status_code == 200


def test_operator_login_needs_totp_too(api, operator):
    assert login(api, "olivia@pocketchart.example").status_code == 401
    assert login(api, "olivia@pocketchart.example", otp=otp_for(operator)).status_code == 200


def test_a_patient_needs_no_totp(api, alice):
    assert login(api, "alice@example.org", otp="").status_code == 200


def test_an_unverified_account_works_for_seven_days_then_must_verify(api, alice, clock):
    alice.email_verified_at = None
    alice.save(update_fields=["email_verified_at"])
    assert login(api, "alice@example.org").status_code == 200
    clock.advance(days=7, minutes=1)
    response = login(api, "alice@example.org")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "email_unverified"
    assert events("auth.login")[-1].detail == {"reason": "email_unverified"}


def test_a_deactivated_account_cannot_log_in(api, alice):
    api(alice).delete("/api/v1/me", {"password": PASSWORD, "phrase": "DELETE"}, format="json")
    assert login(api, "alice@example.org").status_code == 401


@pytest.mark.parametrize("body", [{}, {"email": "alice@example.org"}, {"password": "x"}])
def test_login_needs_email_and_password(api, db, body):
    response = api().post("/api/v1/auth/login", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
