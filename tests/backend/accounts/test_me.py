"""The profile, and account deactivation (DELETE /api/v1/me)."""

from __future__ import annotations

from accounts.models import AuthSession, User
from accounts.selectors import may_store_health_data
from common.models import DataKey
from tests.backend.accounts.conftest import events
from tests.personas import PASSWORD

CONFIRM = {"password": PASSWORD, "phrase": "DELETE"}  # the word shown in English


def test_the_profile_shows_the_persons_own_data(api, bob):
    response = api(bob).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": str(bob.id),
        "email": "bob@example.jp",
        "role": "patient",
        "name": "山田ボブ",
        "birth_date": "1975-11-23",
        "preferred_language": "ja",
        "time_zone": "Asia/Tokyo",
        "country": "JP",
        "passport_number_hint": "••••••567",
        "email_verified": True,
        "date_joined": body["date_joined"],
    }


def test_patch_changes_the_profile_and_audits_field_names_only(api, alice):
    changes = {"name": "Alice Kim", "time_zone": "Europe/Paris", "passport_number": "M7654321"}
    response = api(alice).patch("/api/v1/me", changes, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["time_zone"]) == ("Alice Kim", "Europe/Paris")
    assert body["passport_number_hint"] == "•••••321"
    [event] = events("account.update")
    assert event.detail == {"fields": ["name", "passport_number", "time_zone"]}


def test_patch_null_removes_the_passport_number(api, bob):
    response = api(bob).patch("/api/v1/me", {"passport_number": None}, format="json")
    assert response.json()["passport_number_hint"] is None


def test_patch_refuses_bad_values(api, alice):
    bad = {"time_zone": "Mars/Olympus", "country": "KOR", "preferred_language": "xx"}
    response = api(alice).patch("/api/v1/me", bad, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(bad)
    assert events("account.update") == []


def test_patch_ignores_fields_that_cannot_be_changed_here(api, alice):
    response = api(alice).patch("/api/v1/me", {"role": "operator", "email": "x@y.z"}, format="json")
    assert response.status_code == 200
    assert response.json()["role"] == "patient" and response.json()["email"] == "alice@example.org"


def test_the_profile_refuses_strangers(api, db):
    assert api().get("/api/v1/me").status_code == 401
    assert api().patch("/api/v1/me", {"name": "x"}, format="json").status_code == 401
    assert api().delete("/api/v1/me", CONFIRM, format="json").status_code == 401


def test_deactivation_ends_access_and_destroys_the_data_key(api, bob):
    phone, tablet = api(bob), api(bob)
    response = phone.delete("/api/v1/me", CONFIRM, format="json")
    assert response.status_code == 200 and response.json()["deleted"] is True
    assert phone.get("/api/v1/me").status_code == 401
    assert tablet.get("/api/v1/me").status_code == 401
    assert not AuthSession.objects.filter(user=bob, revoked_at__isnull=True).exists()
    gone = User.objects.get(id=bob.id)
    assert not gone.is_active and gone.name == "" and gone.passport_number is None
    assert gone.email.startswith("deactivated-")
    assert DataKey.objects.get(owner_id=bob.id).destroyed_at is not None
    assert may_store_health_data(bob.id) is False
    [event] = events("account.delete")
    assert event.patient_id == str(bob.id) and event.outcome == "success"


def test_deletion_needs_the_typed_word(api, alice):
    response = api(alice).delete(
        "/api/v1/me", {"password": PASSWORD, "phrase": "yes"}, format="json"
    )
    assert response.status_code == 400
    assert User.objects.get(id=alice.id).is_active
    response = api(alice).delete("/api/v1/me", {"password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_deactivation_needs_the_password(api, alice):
    response = api(alice).delete("/api/v1/me", {**CONFIRM, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert User.objects.get(id=alice.id).is_active


def test_staff_cannot_deactivate_themselves(api, staff_member):
    response = api(staff_member).delete("/api/v1/me", CONFIRM, format="json")
    assert response.status_code == 403
    assert User.objects.get(id=staff_member.id).is_active
