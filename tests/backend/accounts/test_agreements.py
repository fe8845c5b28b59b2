"""Legal agreements: texts, the patient's own, giving and withdrawing them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from accounts.models import Agreement
from accounts.selectors import may_store_health_data
from tests.backend.accounts.conftest import events
from tests.personas import make_patient

SENSITIVE = "sensitive_health_data"


def post(client: Any, **body: Any) -> Any:
    return client.post("/api/v1/me/agreements", body, format="json")


def state(client: Any, kind: str) -> dict[str, Any]:
    return next(a for a in client.get("/api/v1/me/agreements").json() if a["kind"] == kind)


@pytest.mark.parametrize("language", ["ko", "en", "ja", "zh-Hans", "zh-Hant", "th"])
def test_every_text_exists_in_each_language(api, db, language):
    response = api().get("/api/v1/agreements", {"language": language})
    assert response.status_code == 200
    body = response.json()
    assert [a["kind"] for a in body] == ["terms", "privacy", SENSITIVE, "transfer_abroad"]
    assert {a["language"] for a in body} == {language}
    assert all(a["title"] and a["text"] and a["version"] == "2026-01" for a in body)
    assert [a["required"] for a in body] == [True, True, False, False]


def test_a_regional_language_falls_back_to_its_base(api, db):
    body = api().get("/api/v1/agreements", {"language": "ko-KR"}).json()
    assert body[0]["language"] == "ko" and "이용약관" in body[0]["title"]
    assert api().get("/api/v1/agreements", {"language": "xx"}).json()[0]["language"] == "en"


def test_the_patient_reads_the_state_of_each_agreement(api, alice):
    response = api(alice).get("/api/v1/me/agreements")
    assert response.status_code == 200
    body = {a["kind"]: a for a in response.json()}
    assert body[SENSITIVE]["status"] == "given" and body[SENSITIVE]["language"] == "ko"
    assert body[SENSITIVE]["version"] == body[SENSITIVE]["current_version"] == "2026-01"
    assert body["terms"]["required"] is True and body[SENSITIVE]["given_at"]
    assert body[SENSITIVE]["withdrawn_at"] is None


def test_withdrawing_the_sensitive_agreement_stops_storing_health_data(api, alice):
    client = api(alice)
    assert may_store_health_data(alice.id) is True
    response = post(client, kind=SENSITIVE, action="withdraw")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "withdrawn" and body["withdrawn_at"]
    assert body["effect"].startswith("No new health records will be stored")
    assert may_store_health_data(alice.id) is False
    [event] = events("agreement.withdraw")
    assert (event.patient_id, event.detail) == (
        str(alice.id),
        {"kind": SENSITIVE, "version": "2026-01"},
    )


def test_giving_it_again_allows_storing_again_and_keeps_the_history(api, alice):
    client = api(alice)
    post(client, kind=SENSITIVE, action="withdraw")
    response = post(client, kind=SENSITIVE, action="give", version="2026-01", language="en")
    assert response.status_code == 200 and response.json()["status"] == "given"
    assert response.json()["effect"] is None
    assert may_store_health_data(alice.id) is True
    rows = Agreement.objects.filter(user=alice, kind=SENSITIVE).order_by("given_at")
    assert [(r.language, r.end_reason) for r in rows] == [("ko", "withdrawn"), ("en", "")]


def test_giving_an_agreement_already_given_changes_nothing(api, alice):
    before = len(events("agreement.give"))
    response = post(api(alice), kind=SENSITIVE, action="give", version="2026-01")
    assert response.status_code == 200
    assert len(events("agreement.give")) == before


def test_transfer_abroad_is_optional_and_can_be_given_later(api, bob):
    client = api(bob)
    assert state(client, "transfer_abroad")["status"] == "given"
    post(client, kind="transfer_abroad", action="withdraw")
    assert state(client, "transfer_abroad")["status"] == "withdrawn"
    assert may_store_health_data(bob.id) is True  # a separate agreement


def test_withdrawing_terms_or_privacy_needs_account_deletion(api, alice):
    response = post(api(alice), kind="privacy", action="withdraw")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "withdraw_by_deletion"
    assert events("agreement.withdraw") == []


def test_giving_needs_the_current_version(api, alice):
    client = api(alice)
    assert post(client, kind=SENSITIVE, action="give").status_code == 400
    old = post(client, kind=SENSITIVE, action="give", version="2019-01")
    assert old.status_code == 400
    assert old.json()["error"]["fields"] == {
        "agreements": ["sensitive_health_data: agree to the current text."]
    }


def test_a_patient_without_the_sensitive_agreement_may_store_nothing(db):
    dan = make_patient(
        email="dan@example.com",
        name="Dan",
        birth_date=dt.date(2000, 1, 1),
        country="US",
        language="en",
        time_zone="America/New_York",
        sensitive=False,
    )
    assert may_store_health_data(dan.id) is False


def test_staff_and_unknown_users_may_store_no_health_data(staff_member, db):
    assert may_store_health_data(staff_member.id) is False
    assert may_store_health_data(uuid.uuid4()) is False


def test_agreements_are_for_patients_only(api, staff_member):
    assert api(staff_member).get("/api/v1/me/agreements").status_code == 403


def test_agreements_refuse_strangers(api, db):
    assert api().get("/api/v1/me/agreements").status_code == 401
    assert post(api(), kind=SENSITIVE, action="withdraw").status_code == 401
