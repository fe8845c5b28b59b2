"""The patient sees every read of their data by someone else, and every refusal."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from audit.models import AuditEvent
from common.actors import Actor
from consent.models import AccessRecord
from consent.policy import authorize
from consent.services import Access, access_logged
from tests.backend.consent.conftest import everything, grant


def log(client, **params):
    response = client.get("/api/v1/me/access-log", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_each_hospital_read_and_refusal_shows_who_what_when_and_which_grant(
    alice, alice_records, hospital_a, hospital_b, api
):
    given = grant(alice, hospital_b, sections=["medications"])
    everything(hospital_b, given.id)
    everything(hospital_a, alice_records.id)  # push-only: refused
    refused, read = log(api(alice))["results"]
    assert read["outcome"] == "success"
    assert read["who"] == {
        "type": "hospital",
        "name": "Busan Clinic (ko)",
        "organization": "Busan Clinic (ko)",
        "country": "KR",
    }
    assert read["returned"] == 2
    assert read["resource_types"] == ["MedicationStatement"]
    assert read["items"] == ["약물"]
    assert read["grants"] == [str(given.id)]
    assert read["purpose"] == "referral"
    assert read["at"].endswith("+09:00")  # alice's time zone
    assert read["description"] == "Busan Clinic (ko)이(가) 진료기록 2건을 열람했습니다"
    assert refused["outcome"] == "denied"
    assert refused["reason"] == "no_grant"
    assert refused["who"]["name"] == "Seoul General Hospital (ko)"
    assert "거부" in refused["description"]


def test_the_log_is_filtered_by_outcome_actor_type_and_time(
    alice, alice_records, hospital_a, hospital_b, api
):
    given = grant(alice, hospital_b, sections=["medications"])
    everything(hospital_b, given.id)
    everything(hospital_a, alice_records.id)
    client = api(alice)
    assert [e["outcome"] for e in log(client, outcome="denied")["results"]] == ["denied"]
    assert log(client, actor_type="share")["results"] == []
    assert len(log(client, actor_type="hospital")["results"]) == 2
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert log(client, since=later)["results"] == []
    assert len(log(client, until=later)["results"]) == 2


def test_the_log_pages_by_keyset_newest_first(alice, alice_records, hospital_b, api):
    given = grant(alice, hospital_b, sections=["medications"])
    for _ in range(3):
        everything(hospital_b, given.id)
    client = api(alice)
    first = log(client, limit=2)
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = [e["id"] for e in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 3


def test_the_patients_own_reads_and_other_patients_events_are_not_in_the_log(
    alice, bob, alice_records, hospital_b, api
):
    given = grant(alice, hospital_b, sections=["medications"])
    everything(hospital_b, given.id)
    api(alice).get("/api/v1/me/consents")
    assert [e["who"]["type"] for e in log(api(alice))["results"]] == ["hospital"]
    assert log(api(bob))["results"] == []


def test_a_share_recipients_name_is_sealed_apart_from_the_audit_trail(alice, api):
    share = Actor("share", "share-123")
    access_logged(
        access=Access(
            actor=share,
            patient_id=alice.id,
            action="share.manifest",
            recipient_name="Dr. Quillon Ambersmith",
            recipient_country="JP",
            returned=4,
            resource_types=["Condition"],
        ),
        decision=authorize(actor=Actor("patient", str(alice.id)), patient_id=alice.id),
    )
    event = AuditEvent.objects.get(action="access.share.manifest")
    assert "Ambersmith" not in str(event.detail) and "Ambersmith" not in event.actor_id
    assert b"Ambersmith" not in bytes(AccessRecord.objects.get().recipient_name)
    [entry] = log(api(alice))["results"]
    assert entry["who"]["name"] == "Dr. Quillon Ambersmith"
    assert entry["who"]["country"] == "JP"


def test_bad_filters_are_refused(alice, api):
    response = api(alice).get("/api/v1/me/access-log", {"outcome": "maybe"})
    assert response.status_code == 400
    assert "outcome" in response.json()["error"]["fields"]
