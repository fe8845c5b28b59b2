"""A FHIR date without a time is a calendar date: the same day for a reader in Los Angeles
and one in Seoul. Only values with a time are instants, shown in the reader's zone."""

from __future__ import annotations

import pytest

from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db


def everywhere(read, patient, zone: str) -> dict:
    patient.time_zone = zone
    patient.save(update_fields=["time_zone"])
    timeline = read(patient, "/api/v1/me/timeline").json()["results"]
    summary = read(patient, "/api/v1/me/summary").json()["sections"]
    results = next(s for s in summary if s["key"] == "results")["items"]
    return {
        "timeline": sorted(e["date"]["value"] for e in timeline),
        "summary": sorted(i["as_of"]["value"] for i in results),
        "record": read(patient, f"/api/v1/me/records/{timeline[0]['id']}").json()["date"],
    }


def test_a_date_only_value_is_the_same_day_in_los_angeles_and_seoul(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(b.observation(day="2024-03-01")))
    patient = linked_alice.patient
    in_la = everywhere(read, patient, "America/Los_Angeles")
    in_seoul = everywhere(read, patient, "Asia/Seoul")
    assert in_la == in_seoul
    assert in_la["timeline"] == in_la["summary"] == ["2024-03-01"]
    assert in_la["record"] == {"value": "2024-03-01", "precision": "day", "day": "2024-03-01"}


def test_a_value_with_a_time_is_an_instant_shown_in_the_readers_zone(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(b.observation(day="2024-03-01T08:30:00+09:00")))
    patient = linked_alice.patient
    in_la = everywhere(read, patient, "America/Los_Angeles")["record"]
    in_seoul = everywhere(read, patient, "Asia/Seoul")["record"]
    assert in_la["value"] == "2024-02-29T15:30:00-08:00"
    assert in_seoul["value"] == "2024-03-01T08:30:00+09:00"
    assert in_la["day"] == in_seoul["day"] == "2024-03-01"  # filed under the day as written
