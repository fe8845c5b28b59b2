"""The queue: the hospital's own requests only, with the patient's country and language,
both time zones, waiting time, assigned doctor, and filters. Correction requests too."""

from __future__ import annotations

import uuid

from tests.backend.consultations.conftest import staff_post
from tests.backend.staffconsole.conftest import console_client, events, text_of


def test_the_queue_shows_the_request_with_what_triage_needs(consultation, sam, sam_console):
    page = sam_console.get("/staff/")
    assert page.status_code == 200
    text = text_of(page)
    assert "김앨리스" in text  # alice, by name
    assert "New" in text and "US" in text and "English" in text
    assert "KST" in text and ("PST" in text or "PDT" in text)  # Seoul and Los Angeles
    assert "< 1 h" in text and "Not assigned" in text
    assert f'href="/staff/consultations/{consultation["id"]}"' in page.content.decode()
    assert events(action="consultation.queue", actor_id=str(sam.id))


def test_another_hospitals_staff_see_an_empty_queue(consultation, bora_console):
    page = bora_console.get("/staff/")
    assert page.status_code == 200
    assert "김앨리스" not in text_of(page)
    assert consultation["id"] not in page.content.decode()
    assert "No open requests" in text_of(page)


def test_filters_narrow_the_queue(consultation, sam_console):
    assert "김앨리스" in text_of(sam_console.get("/staff/?state=requested&language=en&country=us"))
    for query in ("state=accepted", "language=ja", "country=JP", "doctor=unassigned&state=closed"):
        page = sam_console.get(f"/staff/?{query}")
        assert page.status_code == 200
        assert "김앨리스" not in text_of(page), query
        assert "No request matches these filters." in text_of(page)


def test_the_assigned_doctor_is_named_and_filterable(consultation, sam, dana, api, commit):
    response = commit(staff_post, api(sam), consultation["id"], "accept", {"doctor": str(dana.id)})
    assert response.status_code == 200
    client = console_client(sam)
    assert "Dr Dana Kim" in text_of(client.get("/staff/"))
    assert "김앨리스" in text_of(client.get(f"/staff/?doctor={dana.id}"))
    assert "김앨리스" not in text_of(client.get("/staff/?doctor=unassigned"))


def test_a_bad_filter_shows_the_default_queue(consultation, sam_console):
    page = sam_console.get(f"/staff/?state=nonsense&doctor={uuid.uuid4()}")
    assert page.status_code == 200
    assert "김앨리스" in text_of(page)


def _ask_correction(client, entry):
    body = {"text": "The date of the diagnosis is wrong."}
    return client.post(f"/api/v1/me/records/{entry.id}/corrections", body, format="json")


def test_correction_requests_of_the_hospital_are_listed_read_only(
    alice_records, linked_alice, alice, hospital_a, sam, api
):
    from records.models import IndexEntry

    entry = IndexEntry.objects.filter(patient=alice).first()
    assert entry is not None
    created = _ask_correction(api(alice), entry)
    assert created.status_code == 201, created.content
    page = console_client(sam).get("/staff/corrections")
    assert page.status_code == 200
    text = text_of(page)
    assert "The date of the diagnosis is wrong." in text and "requested" in text
    assert "<form" not in page.content.decode().split("<main", 1)[1]  # nothing to submit
    [listed] = events(action="correction.staff.list")
    assert listed.patient_id == str(alice.id) and listed.actor_id == str(sam.id)


def test_another_hospitals_correction_requests_are_not_listed(
    alice_records, linked_alice, alice, api, bora_console
):
    from records.models import IndexEntry

    entry = IndexEntry.objects.filter(patient=alice).first()
    assert _ask_correction(api(alice), entry).status_code == 201
    page = bora_console.get("/staff/corrections")
    assert "The date of the diagnosis is wrong." not in text_of(page)
    assert "No correction requests" in text_of(page)
