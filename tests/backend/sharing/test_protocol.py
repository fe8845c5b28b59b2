"""The SHL protocol as served: manifest, locations, embedded files, U links, status codes,
CORS, passcodes, expiry at the second, and the audit trail behind each request."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import orjson
import pytest
from django.utils import timezone

from shared.shl import decode, decrypt
from tests.backend.sharing.conftest import (
    audit_since,
    head,
    manifest_path,
    post_manifest,
    records,
)


def fetch(client, location):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def ips_of(link, token):
    cty, data = decrypt(token, decode(link).key)
    return cty, orjson.loads(data)


def test_the_manifest_lists_located_files_that_decrypt_to_the_ips(make_share, client, alice):
    link = make_share()["link"]
    response = post_manifest(client, link)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    (entry,) = response.json()["files"]
    assert entry["contentType"] == "application/fhir+json" and "embedded" not in entry
    file = fetch(client, entry["location"])
    assert file.status_code == 200 and file["Content-Type"] == "application/jose"
    cty, bundle = ips_of(link, file.content.decode())
    assert cty == "application/fhir+json" and bundle["type"] == "document"
    composition = bundle["entry"][0]["resource"]
    assert composition["type"]["coding"][0]["code"] == "60591-5"


def test_files_are_embedded_up_to_embedded_length_max(make_share, client, alice, alice_api):
    link = make_share(passcode="sato-4711")["link"]
    small = post_manifest(client, link, passcode="sato-4711", embeddedLengthMax=10).json()
    assert "location" in small["files"][0] and "embedded" not in small["files"][0]
    large = post_manifest(client, link, passcode="sato-4711", embeddedLengthMax=10**7).json()
    (entry,) = large["files"]
    assert "location" not in entry and ips_of(link, entry["embedded"])[1]["type"] == "document"
    share_id = alice_api.get("/api/v1/me/shares").json()["results"][0]["id"]
    accesses = alice_api.get(f"/api/v1/me/shares/{share_id}").json()["accesses"]
    assert [a["files_embedded"] for a in accesses] == [1, 0]


def test_chosen_records_come_as_a_collection_beside_the_summary(make_share, client, alice):
    from tests.backend.sharing.conftest import entry_ids

    chosen = entry_ids(alice)[:2]
    link = make_share(summary=True, entry_ids=chosen)["link"]
    files = post_manifest(client, link, embeddedLengthMax=10**7).json()["files"]
    kinds = [ips_of(link, f["embedded"])[1]["type"] for f in files]
    assert kinds == ["document", "collection"]
    collection = ips_of(link, files[1]["embedded"])[1]
    types = [e["resource"]["resourceType"] for e in collection["entry"]]
    assert types.count("Patient") == 1 and len(types) == 3


def test_unknown_links_are_404_and_audited_without_a_patient(client, db):
    before = head()
    response = client.post(
        "/shl/" + "A" * 43, b'{"recipient": "x"}', content_type="application/json"
    )
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"
    (event,) = audit_since(before, action="access.shl.manifest")
    assert (event.outcome, event.detail["reason"], event.patient_id) == (
        "denied",
        "unknown_link",
        "",
    )


@pytest.mark.parametrize(
    "body",
    [
        b"{}",
        b'{"recipient": ""}',
        b"[1]",
        b"not json",
        b'{"recipient": "x", "embeddedLengthMax": -1}',
    ],
)
def test_a_manifest_request_without_a_recipient_or_json_is_400(make_share, client, body):
    path = manifest_path(make_share()["link"])
    assert client.post(path, body, content_type="application/json").status_code == 400


def test_cors_is_open_on_protocol_endpoints_and_preflight_answers(make_share, client):
    path = manifest_path(make_share()["link"])
    preflight = client.options(
        path, HTTP_ORIGIN="https://viewer.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight["Access-Control-Allow-Headers"]
    answer = post_manifest(client, make_share()["link"])
    assert answer["Access-Control-Allow-Origin"] == "*" and answer["Cache-Control"] == "no-store"


def test_cors_stays_closed_on_the_patient_api(alice_api, alice):
    response = alice_api.get("/api/v1/me/shares", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_a_wrong_passcode_answers_401_with_remaining_attempts_then_locks(
    make_share, client, settings
):
    settings.SHL_PASSCODE_ATTEMPTS = 3
    link = make_share(passcode="sato-4711")["link"]
    answers = [post_manifest(client, link, passcode=f"guess-{i}") for i in range(3)]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert [a.json()["remainingAttempts"] for a in answers] == [2, 1, 0]
    assert answers[0]["Access-Control-Allow-Origin"] == "*"
    # Disabled at zero: even the right passcode now meets the same 404 as an unknown link.
    assert post_manifest(client, link, passcode="sato-4711").status_code == 404


def test_a_missing_passcode_is_401_and_costs_no_attempt(make_share, client):
    link = make_share(passcode="sato-4711")["link"]
    response = post_manifest(client, link)
    assert response.status_code == 401 and response.json()["remainingAttempts"] == 10
    assert post_manifest(client, link, passcode="sato-4711").status_code == 200


def test_too_many_requests_answer_429_with_retry_after(make_share, client, settings):
    link = make_share()["link"]
    settings.SHL_REQUESTS_PER_LINK = 2
    before = head()
    statuses = [post_manifest(client, link).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    limited = post_manifest(client, link)
    assert 1 <= int(limited["Retry-After"]) <= 60 and limited["Access-Control-Allow-Origin"] == "*"
    refusals = audit_since(before, action="access.shl.manifest", outcome="denied")
    assert [e.detail["reason"] for e in refusals] == ["rate_limited"]  # once per window


def test_throttled_guesses_cost_no_attempt(make_share, client, settings, alice):
    from sharing.models import Share

    link = make_share(passcode="sato-4711")["link"]
    settings.SHL_REQUESTS_PER_LINK = 1
    assert post_manifest(client, link, passcode="guess-1").status_code == 401
    assert post_manifest(client, link, passcode="guess-2").status_code == 429
    assert Share.objects.get(patient=alice).failures == 1


def test_expiry_holds_at_the_second(make_share, client, monkeypatch):
    body = make_share(expiry="30m")
    expires = timezone.datetime.fromisoformat(body["share"]["expires_at"])
    monkeypatch.setattr(timezone, "now", lambda: expires - timedelta(seconds=1))
    assert post_manifest(client, body["link"]).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: expires)
    assert post_manifest(client, body["link"]).status_code == 404


def test_a_share_set_a_second_in_the_past_is_gone(make_share, client, alice):
    from consent.models import Grant
    from sharing.models import Share

    link = make_share()["link"]
    past = timezone.now() - timedelta(seconds=1)
    Share.objects.filter(patient=alice).update(expires_at=past)
    Grant.objects.filter(patient=alice, grantee_type="share").update(expires_at=past)
    assert post_manifest(client, link).status_code == 404


def test_the_policy_refuses_even_if_only_the_grant_ended(make_share, client, alice):
    from consent.models import Grant

    link = make_share()["link"]
    past = timezone.now() - timedelta(seconds=1)
    Grant.objects.filter(patient=alice, grantee_type="share").update(expires_at=past)
    before = head()
    assert post_manifest(client, link).status_code == 404
    (event,) = audit_since(before, action="access.shl.manifest")
    assert event.detail["reason"] == "expired" and event.patient_id == str(alice.id)


def test_locations_are_useless_after_an_hour(make_share, client, monkeypatch):
    link = make_share(expiry="1d")["link"]
    location = post_manifest(client, link).json()["files"][0]["location"]
    later = timezone.now() + timedelta(seconds=3599)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert fetch(client, location).status_code == 200
    much_later = later + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: much_later)
    assert fetch(client, location).status_code == 404


@pytest.mark.parametrize("part", ["sig", "exp", "a"])
def test_a_tampered_location_is_404(make_share, client, part):
    location = post_manifest(client, make_share()["link"]).json()["files"][0]["location"]
    parts = urlsplit(location)
    query = dict(p.split("=", 1) for p in parts.query.split("&"))
    query[part] = query[part][:-1] + ("0" if query[part][-1] != "0" else "1")
    tampered = "&".join(f"{k}={v}" for k, v in query.items())
    assert client.get(f"{parts.path}?{tampered}").status_code == 404


def test_revocation_stops_locations_already_handed_out(make_share, client, alice_api):
    body = make_share()
    location = post_manifest(client, body["link"]).json()["files"][0]["location"]
    alice_api.post(f"/api/v1/me/shares/{body['share']['id']}/revoke")
    assert fetch(client, location).status_code == 404


def test_a_u_link_answers_get_with_its_one_file(make_share, client):
    link = make_share(single_file=True)["link"]
    assert decode(link).flag == "U"
    response = client.get(manifest_path(link), {"recipient": "Dr Sato"})
    assert response.status_code == 200 and response["Content-Type"] == "application/jose"
    assert ips_of(link, response.content.decode())[1]["type"] == "document"
    assert client.get(manifest_path(link)).status_code == 400  # recipient is required


def test_get_on_a_manifest_link_is_404(make_share, client):
    link = make_share()["link"]
    assert client.get(manifest_path(link), {"recipient": "Dr Sato"}).status_code == 404


def test_a_long_term_link_shows_a_re_pushed_document(make_share, client, alice, hospital_a, push):
    link = make_share(long_term=True, passcode="sato-4711", expiry="30d")["link"]
    first = post_manifest(client, link, passcode="sato-4711", embeddedLengthMax=10**7).json()
    assert (
        "Renamed inhaler"
        not in orjson.dumps(ips_of(link, first["files"][0]["embedded"])[1]).decode()
    )
    push(hospital_a, records(text="Renamed inhaler"))  # same identifier: a new version
    again = post_manifest(client, link, passcode="sato-4711", embeddedLengthMax=10**7).json()
    bundle = ips_of(link, again["files"][0]["embedded"])[1]
    assert "Renamed inhaler" in orjson.dumps(bundle).decode()
    assert decode(link).key  # the same key still opens it: updated files keep the key


def test_a_one_off_link_keeps_its_files_as_built(make_share, client, hospital_a, push):
    link = make_share(passcode="sato-4711")["link"]
    push(hospital_a, records(text="Renamed inhaler"))
    answer = post_manifest(client, link, passcode="sato-4711", embeddedLengthMax=10**7).json()
    assert (
        "Renamed inhaler"
        not in orjson.dumps(ips_of(link, answer["files"][0]["embedded"])[1]).decode()
    )


def test_every_manifest_and_file_access_is_a_disclosure_in_the_access_log(
    make_share, client, alice, alice_api
):
    link = make_share(passcode="sato-4711")["link"]
    before = head()
    post_manifest(client, link, recipient="Dr Wrong", passcode="nope-nope")
    location = post_manifest(client, link, recipient="Dr Sato", passcode="sato-4711").json()
    fetch(client, location["files"][0]["location"])
    events = audit_since(before, patient_id=str(alice.id), action__startswith="access.shl.")
    assert [(e.action, e.outcome) for e in events] == [
        ("access.shl.manifest", "denied"),
        ("access.shl.manifest", "success"),
        ("access.shl.file", "success"),
    ]
    assert all(e.actor_type == "share" and e.object_type == "share" for e in events)
    assert events[0].detail["reason"] == "wrong_passcode"
    assert events[2].detail["returned"] > 0
    log = alice_api.get("/api/v1/me/access-log").json()["results"]
    shown = [
        (e["action"], e["who"]["name"], e["outcome"]) for e in log if e["who"]["type"] == "share"
    ]
    assert shown == [
        ("shl.file", "Dr Sato", "success"),
        ("shl.manifest", "Dr Sato", "success"),
        ("shl.manifest", "Dr Wrong", "denied"),
    ]
    share_id = alice_api.get("/api/v1/me/shares").json()["results"][0]["id"]
    detail = alice_api.get(f"/api/v1/me/shares/{share_id}").json()
    assert detail["accesses"][0]["files_fetched"] == 1


def test_the_summary_leaves_out_what_the_patient_hid(make_share, client, alice, alice_api):
    from records.models import IndexEntry

    medication = IndexEntry.objects.get(patient=alice, resource_type="MedicationStatement")
    assert alice_api.post(f"/api/v1/me/records/{medication.id}/hide").status_code == 200
    link = make_share()["link"]
    bundle = ips_of(
        link, post_manifest(client, link, embeddedLengthMax=10**7).json()["files"][0]["embedded"]
    )[1]
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert "MedicationStatement" not in types and "Condition" in types


def test_a_hidden_record_cannot_be_chosen_until_shown_again(alice_api, alice, alice_records):
    from records.models import IndexEntry

    medication = IndexEntry.objects.get(patient=alice, resource_type="MedicationStatement")
    alice_api.post(f"/api/v1/me/records/{medication.id}/hide")
    body = {"entry_ids": [str(medication.id)], "expiry": "1d"}
    refused = alice_api.post("/api/v1/me/shares", body, format="json")
    assert (
        refused.status_code == 400 and "hidden" in refused.json()["error"]["fields"]["entry_ids"][0]
    )
    alice_api.post(f"/api/v1/me/records/{medication.id}/unhide")
    assert alice_api.post("/api/v1/me/shares", body, format="json").status_code == 201


def test_a_long_term_summary_follows_what_the_patient_hides(make_share, client, alice, alice_api):
    from records.models import IndexEntry

    link = make_share(long_term=True, passcode="sato-4711", expiry="7d")["link"]
    medication = IndexEntry.objects.get(patient=alice, resource_type="MedicationStatement")
    alice_api.post(f"/api/v1/me/records/{medication.id}/hide")
    answer = post_manifest(client, link, passcode="sato-4711", embeddedLengthMax=10**7).json()
    types = [
        e["resource"]["resourceType"]
        for e in ips_of(link, answer["files"][0]["embedded"])[1]["entry"]
    ]
    assert "MedicationStatement" not in types


def test_a_link_of_a_shredded_account_is_a_plain_404(make_share, client, alice, alice_api):
    from common.crypto.envelope import destroy_data_key

    body = make_share()
    alice_api.post(f"/api/v1/me/shares/{body['share']['id']}/revoke")
    destroy_data_key(alice.id)  # as account deletion does, even if a share row lingered
    start = head()
    assert post_manifest(client, body["link"]).status_code == 404
    [event] = audit_since(start, outcome="denied")
    assert event.detail["reason"] == "account_deleted" and event.patient_id == ""
