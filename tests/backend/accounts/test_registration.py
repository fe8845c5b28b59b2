"""Registration, email verification and passwords."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection

from accounts import links
from accounts.models import Agreement, User
from tests.backend.accounts.conftest import assert_no_email_in_audit, events
from tests.personas import PASSWORD

ACCEPTED = {"message": "If the address can receive mail from us, a message is on its way."}


def registration(**changes: Any) -> dict[str, Any]:
    body = {
        "email": "carol@example.com",
        "password": PASSWORD,
        "name": "Carol Lee",
        "birth_date": "1990-06-15",
        "preferred_language": "zh-Hans",
        "time_zone": "Asia/Shanghai",
        "country": "cn",
        "passport_number": "E12345678",
        "agreements": [
            {"kind": "terms", "version": "2026-01"},
            {"kind": "privacy", "version": "2026-01"},
            {"kind": "sensitive_health_data", "version": "2026-01"},
        ],
    }
    return {**body, **changes}


def register(api: Any, **changes: Any) -> Any:
    return api().post("/api/v1/auth/register", registration(**changes), format="json")


def test_registration_creates_the_patient_with_agreements_and_emails_a_link(
    api, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api)
    assert response.status_code == 202 and response.json() == ACCEPTED
    carol = User.objects.get(email="carol@example.com")
    assert (carol.role, carol.country, carol.preferred_language) == ("patient", "CN", "zh-hans")
    assert carol.email_verified_at is None
    kinds = set(Agreement.objects.filter(user=carol).values_list("kind", flat=True))
    assert kinds == {"terms", "privacy", "sensitive_health_data"}
    assert [e.object_id for e in events("account.register")] == [str(carol.id)]
    assert len(events("agreement.give", patient_id=str(carol.id))) == 3
    [message] = mail.outbox
    assert message.to == ["carol@example.com"]
    assert "/api/v1/auth/verify-email?token=" in message.body
    assert_no_email_in_audit("carol@example.com")


def test_the_passport_number_is_never_stored_in_clear(api, db):
    register(api)
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM accounts_user")
        [(stored,)] = cursor.fetchall()
    assert stored and b"E12345678" not in bytes(stored)
    carol = User.objects.get(email="carol@example.com")
    from accounts.sealed import unseal

    assert unseal(carol, "passport_number", bytes(stored)) == "E12345678"


@pytest.mark.parametrize("number", ["900101-1234567", "9001011234567"])
def test_a_resident_registration_number_is_refused(api, db, number):
    response = register(api, passport_number=number)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "passport_number": ["Do not enter a resident registration number."]
    }
    assert not User.objects.exists()


def test_the_required_agreements_must_be_given(api, db):
    response = register(api, agreements=[{"kind": "terms", "version": "2026-01"}])
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"agreements": ["privacy is required."]}
    assert not User.objects.exists()


def test_an_old_or_unknown_text_version_is_refused(api, db):
    agreements = [
        {"kind": "terms", "version": "2020-01"},
        {"kind": "privacy", "version": "2026-01"},
        {"kind": "marketing", "version": "1"},
    ]
    response = register(api, agreements=agreements)
    assert response.json()["error"]["fields"]["agreements"] == [
        "terms: agree to the current text.",
        "Unknown agreement: marketing.",
    ]


def test_a_weak_password_is_refused(api, db):
    response = register(api, password="12345678")
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]


def test_a_taken_email_gets_the_same_answer_and_its_owner_an_email(
    api, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api, email="Alice@example.org")
    assert response.status_code == 202 and response.json() == ACCEPTED
    assert User.objects.filter(email="alice@example.org").count() == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.org"] and "already" in message.subject


def test_registrations_from_one_address_are_limited(api, db):
    for n in range(10):
        assert register(api, email=f"p{n}@example.com").status_code == 202
    assert register(api, email="p10@example.com").status_code == 429


def test_the_email_link_verifies_the_address(api, alice):
    alice.email_verified_at = None
    alice.save(update_fields=["email_verified_at"])
    token = links.verify_token(alice)
    response = api().get("/api/v1/auth/verify-email", {"token": token})
    assert response.status_code == 200 and response.json() == {"email_verified": True}
    alice.refresh_from_db()
    assert alice.email_verified_at is not None
    assert events("account.email_verify")[-1].object_id == str(alice.id)


def test_a_forged_verification_token_is_refused(api, alice):
    response = api().post("/api/v1/auth/verify-email", {"token": "forged:token"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_token"


def test_a_verification_link_for_an_old_email_does_not_verify_a_new_one(api, alice):
    token = links.verify_token(alice)
    User.objects.filter(id=alice.id).update(email="alice2@example.org", email_verified_at=None)
    assert (
        api().post("/api/v1/auth/verify-email", {"token": token}, format="json").status_code == 400
    )


def test_resending_the_link_says_nothing_about_the_account(api, alice):
    User.objects.filter(id=alice.id).update(email_verified_at=None)
    known = api().post(
        "/api/v1/auth/verify-email/resend", {"email": "alice@example.org"}, format="json"
    )
    unknown = api().post(
        "/api/v1/auth/verify-email/resend", {"email": "no@example.org"}, format="json"
    )
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json() == ACCEPTED
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_password_reset_by_emailed_code_ends_every_session(api, alice):
    client = api(alice)
    response = api().post(
        "/api/v1/auth/password/reset", {"email": "alice@example.org"}, format="json"
    )
    assert response.status_code == 202 and response.json() == ACCEPTED
    [message] = mail.outbox
    code = links.reset_token(alice)
    assert code in message.body
    body = {"token": code, "new_password": "a brand new passphrase 7"}
    assert api().post("/api/v1/auth/password/reset/confirm", body, format="json").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    assert (
        api().post("/api/v1/auth/password/reset/confirm", body, format="json").status_code == 400
    )  # spent
    login = {"email": "alice@example.org", "password": "a brand new passphrase 7"}
    assert api().post("/api/v1/auth/login", login, format="json").status_code == 200
    actions = [e.action for e in events(patient_id=str(alice.id))]
    assert actions[-4:] == [
        "account.password_reset_request",
        "session.revoke_all",
        "account.password_reset",
        "auth.login",
    ]


def test_password_reset_for_an_unknown_email_looks_the_same(api, db):
    response = api().post("/api/v1/auth/password/reset", {"email": "no@example.org"}, format="json")
    assert response.status_code == 202 and response.json() == ACCEPTED
    assert mail.outbox == [] and events() == []


def test_password_change_keeps_this_device_and_ends_the_others(api, alice):
    phone, laptop = api(alice), api(alice)
    body = {"current_password": PASSWORD, "new_password": "another long passphrase 9"}
    assert phone.post("/api/v1/auth/password/change", body, format="json").status_code == 204
    assert phone.get("/api/v1/me").status_code == 200
    assert laptop.get("/api/v1/me").status_code == 401
    [event] = events("account.password_change")
    assert event.actor_id == str(alice.id)


def test_password_change_needs_the_current_password(api, alice):
    body = {"current_password": "wrong", "new_password": "another long passphrase 9"}
    response = api(alice).post("/api/v1/auth/password/change", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["current_password"]


def test_password_change_needs_a_signed_in_user(api, db):
    body = {"current_password": PASSWORD, "new_password": "another long passphrase 9"}
    assert api().post("/api/v1/auth/password/change", body, format="json").status_code == 401
