"""Sessions: login, rotation of refresh tokens, reuse, logout, remote logout, devices."""

from __future__ import annotations

from typing import Any

from accounts.models import AuthSession, RefreshToken
from accounts.tokens import refresh_token_hash
from tests.backend.accounts.conftest import events
from tests.personas import PASSWORD


def login(api: Any, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    return api().post(
        "/api/v1/auth/login", {"email": email, "password": password, **extra}, format="json"
    )


def refresh(api: Any, token: str) -> Any:
    return api().post("/api/v1/auth/refresh", {"refresh": token}, format="json")


def bearer(api: Any, access: str) -> Any:
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_login_answers_a_token_pair_and_audits_the_session(api, alice):
    response = login(api, "Alice@Example.org ")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "expires_in"} and body["expires_in"] == 600
    session = AuthSession.objects.get(user=alice)
    stored = RefreshToken.objects.get(session=session)
    assert stored.token_hash == refresh_token_hash(body["refresh"]) != body["refresh"]
    [event] = events("auth.login")
    assert (event.actor_id, event.patient_id, event.object_id, event.outcome) == (
        str(alice.id),
        str(alice.id),
        str(session.id),
        "success",
    )
    assert bearer(api, body["access"]).get("/api/v1/me").status_code == 200


def test_refresh_rotates_the_pair(api, alice):
    first = api(alice).tokens
    response = refresh(api, first.refresh)
    assert response.status_code == 200
    second = response.json()
    assert second["refresh"] != first.refresh and second["access"] != first.access
    assert bearer(api, second["access"]).get("/api/v1/me").status_code == 200
    assert RefreshToken.objects.get(token_hash=refresh_token_hash(first.refresh)).used_at


def test_reusing_a_spent_refresh_token_revokes_the_family(api, alice, clock):
    client = api(alice)
    rotated = refresh(api, client.tokens.refresh).json()
    clock.advance(seconds=6)  # past the 5 s grace
    response = refresh(api, client.tokens.refresh)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_refresh"
    assert refresh(api, rotated["refresh"]).status_code == 401  # the thief's copy is dead too
    assert bearer(api, rotated["access"]).get("/api/v1/me").status_code == 401
    session = AuthSession.objects.get(id=client.tokens.session_id)
    assert session.revoked_reason == "refresh_reuse"
    [reuse] = events("auth.refresh_reuse")
    assert (reuse.outcome, reuse.object_id) == ("denied", str(session.id))
    assert events("session.revoke")[0].detail == {"reason": "refresh_reuse"}


def test_two_refreshes_within_the_grace_both_succeed(api, alice, clock):
    client = api(alice)
    one = refresh(api, client.tokens.refresh)
    clock.advance(seconds=2)
    two = refresh(api, client.tokens.refresh)
    assert one.status_code == two.status_code == 200
    for pair in (one.json(), two.json()):
        assert bearer(api, pair["access"]).get("/api/v1/me").status_code == 200
    assert AuthSession.objects.get(id=client.tokens.session_id).revoked_at is None
    assert events("auth.refresh_reuse") == []


def test_an_unknown_refresh_token_is_refused(api, db):
    response = refresh(api, "not-a-token")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_refresh"


def test_an_expired_refresh_token_is_refused(api, alice, clock):
    client = api(alice)
    clock.advance(days=31)
    assert refresh(api, client.tokens.refresh).status_code == 401


def test_logout_ends_access_at_once(api, alice):
    client = api(alice)
    response = api().post("/api/v1/auth/logout", {"refresh": client.tokens.refresh}, format="json")
    assert response.status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    assert refresh(api, client.tokens.refresh).status_code == 401
    [event] = events("session.revoke")
    assert (event.actor_id, event.detail) == (str(alice.id), {"reason": "logout"})


def test_logout_with_an_unknown_token_changes_nothing(api, alice):
    client = api(alice)
    response = api().post("/api/v1/auth/logout", {"refresh": "someone-elses"}, format="json")
    assert response.status_code == 204
    assert client.get("/api/v1/me").status_code == 200


def test_logout_needs_a_refresh_token(api, db):
    response = api().post("/api/v1/auth/logout", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"refresh": ["This field is required."]}


def test_sessions_list_the_devices_and_mark_the_current_one(api, alice):
    phone, tablet = api(alice), api(alice)
    body = phone.get("/api/v1/me/sessions").json()
    assert {s["id"] for s in body} == {str(phone.tokens.session_id), str(tablet.tokens.session_id)}
    current = [s["id"] for s in body if s["current"]]
    assert current == [str(phone.tokens.session_id)]
    assert body[0]["user_agent"] == "pytest"


def test_remote_logout_ends_that_device(api, alice):
    phone, tablet = api(alice), api(alice)
    response = phone.delete(f"/api/v1/me/sessions/{tablet.tokens.session_id}")
    assert response.status_code == 204
    assert tablet.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 200
    [event] = events("session.revoke")
    assert event.detail == {"reason": "remote_logout"}
    assert event.object_id == str(tablet.tokens.session_id)


def test_a_stranger_cannot_end_someone_elses_session(api, alice, bob):
    alices = api(alice)
    response = api(bob).delete(f"/api/v1/me/sessions/{alices.tokens.session_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert alices.get("/api/v1/me").status_code == 200
    assert events("session.revoke") == []


def test_sessions_need_a_signed_in_user(api, alice):
    session_id = api(alice).tokens.session_id
    assert api().get("/api/v1/me/sessions").status_code == 401
    assert api().delete(f"/api/v1/me/sessions/{session_id}").status_code == 401


def test_a_staff_session_times_out_when_idle(api, staff_member, clock):
    client = api(staff_member)
    clock.advance(minutes=20)
    assert client.get("/api/v1/staff/me").status_code == 200  # activity keeps it alive
    clock.advance(minutes=31)
    assert client.get("/api/v1/staff/me").status_code == 401
    response = refresh(api, client.tokens.refresh)
    assert response.status_code == 401
    assert AuthSession.objects.get(id=client.tokens.session_id).revoked_reason == "idle"


def test_a_patient_session_survives_an_idle_hour(api, alice, clock):
    client = api(alice)
    clock.advance(hours=1)
    assert refresh(api, client.tokens.refresh).status_code == 200
