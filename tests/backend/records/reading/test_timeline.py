"""The timeline: newest first across hospitals, keyset pages that never lose or repeat an
entry, filters in SQL, and nothing of anyone else's."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from records.models import IndexEntry
from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db
TIMELINE = "/api/v1/me/timeline"


def cursor_of(page: dict) -> str | None:
    following = page["next"]
    return parse_qs(urlparse(following).query)["cursor"][0] if following else None


def all_ids(read, user, **params) -> list[str]:
    """Every id of the timeline, page after page."""
    ids, cursor = [], None
    while True:
        response = read(user, TIMELINE, **params, **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.content
        ids += [entry["id"] for entry in response.json()["results"]]
        cursor = cursor_of(response.json())
        if cursor is None:
            return ids


def test_entries_from_two_hospitals_come_newest_first(
    pushed, read, hospital_a, hospital_b, alice_at_two
):
    pushed(
        hospital_a, b.record_set(b.observation(day="2024-01-05"), b.observation(day="2024-03-01"))
    )
    pushed(hospital_b, b.record_set(b.observation(day="2024-02-10"), mrn=b.MRN_ALICE_B))
    body = read(alice_at_two, TIMELINE).json()
    days = [entry["date"]["value"] for entry in body["results"]]
    assert days == ["2024-03-01", "2024-02-10", "2024-01-05"]
    sources = [e["source"]["id"] for e in body["results"]]
    a, b_ = str(hospital_a.organization.id), str(hospital_b.organization.id)
    assert sources == [a, b_, a]
    assert body["next"] is None


def test_each_entry_has_a_display_line_date_source_status_and_version_count(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(b.observation(value=7.1)))
    pushed(hospital_a, b.record_set(b.observation(value=7.2)))  # same identifier: version 2
    [entry] = read(linked_alice.patient, TIMELINE, lang="en").json()["results"]
    assert entry["display"] == "4548-4: 7.2 L/min"
    assert entry["date"] == {"value": "2024-03-01", "precision": "day", "day": "2024-03-01"}
    assert entry["source"]["id"] == str(hospital_a.organization.id)
    assert (entry["status"], entry["versions"], entry["section"]) == ("final", 2, "results")
    assert entry["hidden"] is False and entry["retracted"] is False


def test_five_hundred_entries_on_one_date_page_without_loss_or_repeat(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(*[b.observation(value=i) for i in range(500)]))
    ids = all_ids(read, linked_alice.patient, limit=37)
    assert len(ids) == 500 and len(set(ids)) == 500
    expected = IndexEntry.objects.filter(patient=linked_alice.patient).values_list("id", flat=True)
    assert set(ids) == {str(i) for i in expected}


def test_pages_stay_stable_when_entries_arrive_between_them(pushed, read, hospital_a, linked_alice):
    days = [f"2024-03-{d:02d}" for d in range(1, 21)]
    pushed(hospital_a, b.record_set(*[b.observation(day=d) for d in days for _ in range(3)]))
    before = {str(i) for i in IndexEntry.objects.values_list("id", flat=True)}
    first = read(linked_alice.patient, TIMELINE, limit=25).json()
    # New entries arrive: newer ones, and more on the day the first page ended on.
    pushed(
        hospital_a,
        b.record_set(
            b.observation(day="2024-04-01"),
            *[b.observation(day=first["results"][-1]["date"]["day"]) for _ in range(5)],
            identifier="set-2",
        ),
    )
    rest, cursor = [], cursor_of(first)
    while cursor:
        page = read(linked_alice.patient, TIMELINE, limit=25, cursor=cursor).json()
        rest += [e["id"] for e in page["results"]]
        cursor = cursor_of(page)
    seen = [e["id"] for e in first["results"]] + rest
    assert len(seen) == len(set(seen))  # nothing repeated
    assert before <= set(seen)  # nothing that was there is lost
    dates = [e["date"]["day"] for e in first["results"]]
    assert dates == sorted(dates, reverse=True)


def test_filters_by_kind_hospital_and_dates_combine(
    pushed, read, hospital_a, hospital_b, alice_at_two
):
    pushed(
        hospital_a,
        b.record_set(
            b.observation(day="2024-01-05"),
            b.observation(day="2024-06-05"),
            b.condition((b.SNOMED, "38341003", "Hypertension"), day="2024-06-01"),
        ),
    )
    pushed(hospital_b, b.record_set(b.observation(day="2024-06-07"), mrn=b.MRN_ALICE_B))
    hospital = str(hospital_a.organization.id)
    found = read(
        alice_at_two, TIMELINE, kind="results", hospital=hospital, **{"from": "2024-06-01"}
    )
    assert [e["date"]["day"] for e in found.json()["results"]] == ["2024-06-05"]
    both = read(alice_at_two, TIMELINE, kind="results,problems", hospital=hospital, to="2024-06-03")
    assert [e["resource_type"] for e in both.json()["results"]] == ["Condition", "Observation"]
    by_kind = read(alice_at_two, TIMELINE, kind="record-set", **{"from": "2024-06-06"})
    assert [e["source"]["id"] for e in by_kind.json()["results"]] == [
        str(hospital_b.organization.id)
    ]


def test_a_month_precision_entry_counts_for_every_day_of_its_month(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(b.condition((b.SNOMED, "1", "x"), day="2019-03")))
    found = read(linked_alice.patient, TIMELINE, **{"from": "2019-03-20", "to": "2019-03-21"})
    [entry] = found.json()["results"]
    assert entry["date"] == {"value": "2019-03", "precision": "month", "day": "2019-03-01"}


def test_hidden_and_retracted_entries_are_left_out_unless_included(
    pushed, read, hospital_a, linked_alice
):
    pushed(hospital_a, b.record_set(b.observation(day="2024-01-01"), identifier="kept"))
    pushed(hospital_a, b.record_set(b.observation(day="2024-01-02"), identifier="gone"))
    retraction = b.record_set(identifier="gone")
    retraction["entry"].append(b.retracted_reference(retraction))
    assert pushed(hospital_a, retraction).status_code == 202
    kept = IndexEntry.objects.get(document__kind="record-set", retracted=False)
    IndexEntry.objects.filter(id=kept.id).update(hidden=True)
    patient = linked_alice.patient
    assert read(patient, TIMELINE).json()["results"] == []
    assert [e["id"] for e in read(patient, TIMELINE, include="hidden").json()["results"]] == [
        str(kept.id)
    ]
    everything = read(patient, TIMELINE, include="hidden,retracted").json()["results"]
    assert {e["retracted"] for e in everything} == {True, False}


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "djF8MjAyNC0wMS0wMXx4fHk"},  # v1|2024-01-01|x|y
        {"kind": "gossip"},
        {"include": "deleted"},
        {"from": "2024-13-01"},
        {"hospital": "nope"},
        {"limit": "0"},
        {"lang": "xx"},
    ],
)
def test_malformed_parameters_are_a_400_naming_the_parameter(read, linked_alice, params):
    response = read(linked_alice.patient, TIMELINE, **params)
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(params)


def test_another_patients_entries_never_appear(pushed, read, hospital_a, linked_alice, linked_bob):
    pushed(hospital_a, b.record_set(b.observation(), mrn=b.MRN_BOB_A))
    assert read(linked_alice.patient, TIMELINE).json()["results"] == []
    assert len(read(linked_bob, TIMELINE).json()["results"]) == 1


def test_the_timeline_needs_a_signed_in_patient(api, db):
    assert api().get(TIMELINE).status_code == 401
