"""The patient's side: making, listing, inspecting and revoking links, and what each checks."""

from __future__ import annotations

import base64
import zoneinfo
from datetime import time as dt_time
from datetime import timedelta

import pytest
from django.utils import timezone

from shared.shl import decode
from tests.backend.sharing.conftest import audit_since, entry_ids, head, post_manifest

SHARES = "/api/v1/me/shares"


def test_a_link_is_a_shlink_a_viewer_url_and_a_qr_png(make_share, settings):
    body = make_share(passcode="sato-4711", label="For Dr Sato")
    payload = decode(body["link"])
    assert body["link"].startswith("shlink:/")
    assert body["viewer_url"] == f"{settings.PUBLIC_BASE_URL}/viewer/#{body['link']}"
    assert payload.url.startswith(f"{settings.PUBLIC_BASE_URL}/shl/")
    assert len(payload.url.rsplit("/", 1)[1]) == 43  # 256 bits, base64url
    assert payload.flag == "P" and payload.label == "For Dr Sato"
    assert payload.exp == int(
        timezone.datetime.fromisoformat(body["share"]["expires_at"]).timestamp()
    )
    assert base64.b64decode(body["qr_png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert body["share"]["status"] == "active" and body["share"]["files"] == 1


def test_every_link_has_its_own_key_and_manifest_id(make_share):
    first, second = decode(make_share()["link"]), decode(make_share()["link"])
    assert first.key != second.key and first.url != second.url


def test_expiry_presets_end_at_the_whole_second(make_share):
    before = timezone.now().replace(microsecond=0)
    body = make_share(expiry="30m")
    expires = timezone.datetime.fromisoformat(body["share"]["expires_at"])
    assert expires.microsecond == 0
    assert timedelta(minutes=30) <= expires - before <= timedelta(minutes=30, seconds=2)


def test_a_day_expires_at_its_end_in_the_patients_time_zone(make_share, alice):
    seoul = zoneinfo.ZoneInfo(alice.time_zone)
    day = (timezone.now() + timedelta(days=3)).date()
    expires = make_share(expires_on=day.isoformat())["share"]["expires_at"]
    local = timezone.datetime.fromisoformat(expires).astimezone(seoul)
    assert (local.date(), local.time()) == (day, dt_time(23, 59, 59))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"summary": True, "expiry": "1d", "single_file": True, "passcode": "123456"},
            "single_file",
        ),
        ({"summary": True, "expiry": "1d", "long_term": True}, "passcode"),
        ({"summary": True, "expiry": "1d", "passcode": "12345"}, "passcode"),
        ({"summary": True, "expiry": "1d", "label": "x" * 81}, "label"),
        ({"summary": True}, "expiry"),
        ({"summary": True, "expiry": "1d", "expires_on": "2099-01-01"}, "expiry"),
        ({"summary": True, "expires_at": "2001-01-01T00:00:00Z"}, "expiry"),
        ({"expiry": "1d"}, "content"),
        ({"summary": True, "expiry": "1d", "document_ids": ["nope"]}, None),
    ],
)
def test_what_a_link_cannot_be_is_refused_at_creation(alice_api, alice_records, body, field):
    response = alice_api.post(SHARES, body, format="json")
    assert response.status_code in {400, 404}, response.content
    if field is not None:
        assert field in response.json()["error"]["fields"]


def test_a_single_file_link_with_summary_and_records_is_refused(alice_api, alice, alice_records):
    ids = entry_ids(alice)
    body = {"summary": True, "entry_ids": ids[:1], "expiry": "1d", "single_file": True}
    response = alice_api.post(SHARES, body, format="json")
    assert response.status_code == 400
    assert "single_file" in response.json()["error"]["fields"]


def test_another_patients_records_cannot_be_shared(bob, api, alice_records, alice):
    response = api(bob).post(SHARES, {"entry_ids": entry_ids(alice), "expiry": "1d"}, format="json")
    assert response.status_code == 400
    assert "entry_ids" in response.json()["error"]["fields"]


def test_each_share_is_a_grant_exported_as_a_fhir_consent(make_share, alice_api):
    share = make_share(label="For Dr Sato")["share"]
    consent = alice_api.get(f"/api/v1/me/consents/{share['grant_id']}?format=fhir").json()
    assert consent["resourceType"] == "Consent" and consent["status"] == "active"
    end = timezone.datetime.fromisoformat(consent["provision"]["period"]["end"])
    assert end == timezone.datetime.fromisoformat(share["expires_at"])
    listed = alice_api.get("/api/v1/me/consents").json()["results"]
    assert any(g["grantee_type"] == "share" and g["grantee_id"] == share["id"] for g in listed)


def test_chosen_records_scope_the_grant_to_their_documents(make_share, alice, alice_api):
    from consent.models import Grant
    from records.models import IndexEntry

    chosen = entry_ids(alice)[:1]
    share = make_share(entry_ids=chosen)["share"]
    grant = Grant.objects.get(id=share["grant_id"])
    document = IndexEntry.objects.get(id=chosen[0]).document_id
    assert grant.document_ids == [str(document)] and grant.purpose == "patient-request"


def test_a_recipient_abroad_needs_the_transfer_consent(alice_api, alice_records):
    body = {"summary": True, "expiry": "7d", "recipient_country": "JP", "recipient_name": "Dr Sato"}
    response = alice_api.post(SHARES, body, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "transfer_consent_required"


def test_with_the_transfer_consent_a_link_abroad_is_made_and_opens(
    alice_api, alice_records, client
):
    now = timezone.now()
    terms = {
        "recipient_name": "Dr Sato",
        "country": "JP",
        "items": ["all"],
        "starts_at": (now - timedelta(minutes=1)).isoformat(),
        "expires_at": (now + timedelta(days=30)).isoformat(),
    }
    preview = alice_api.post("/api/v1/me/transfer-consents/preview", terms, format="json").json()
    given = alice_api.post(
        "/api/v1/me/transfer-consents", {**terms, "digest": preview["digest"]}, format="json"
    )
    assert given.status_code == 201, given.content
    body = {"summary": True, "expiry": "7d", "recipient_country": "JP", "recipient_name": "Dr Sato"}
    response = alice_api.post(SHARES, body, format="json")
    assert response.status_code == 201, response.content
    assert post_manifest(client, response.json()["link"]).status_code == 200


def test_the_list_and_the_detail_show_state_and_accesses(make_share, alice_api, client):
    link = make_share(passcode="sato-4711", label="For Dr Sato")["link"]
    post_manifest(client, link, recipient="Dr Wrong", passcode="guess-1")
    post_manifest(client, link, recipient="Dr Sato", passcode="sato-4711")
    listed = alice_api.get(SHARES).json()["results"]
    assert [s["label"] for s in listed] == ["For Dr Sato"]
    detail = alice_api.get(f"{SHARES}/{listed[0]['id']}").json()
    assert detail["passcode_failures"] == 1 and detail["attempts_left"] == 9
    newest, oldest = detail["accesses"]
    assert (newest["recipient"], newest["outcome"], newest["country"]) == (
        "Dr Sato",
        "success",
        "KR",
    )
    assert (oldest["recipient"], oldest["reason"]) == ("Dr Wrong", "wrong_passcode")


def test_revoking_is_immediate_and_audited(make_share, alice_api, client, alice):
    body = make_share()
    share_id = body["share"]["id"]
    assert post_manifest(client, body["link"]).status_code == 200
    before = head()
    revoked = alice_api.post(f"{SHARES}/{share_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert post_manifest(client, body["link"]).status_code == 404
    actions = [e.action for e in audit_since(before, patient_id=str(alice.id))]
    assert "sharing.share.revoke" in actions and "consent.grant.revoke" in actions
    again = alice_api.post(f"{SHARES}/{share_id}/revoke")
    assert again.status_code == 200  # twice is not an error


def test_a_stranger_gets_404_on_someone_elses_share(make_share, bob, api):
    share_id = make_share()["share"]["id"]
    stranger = api(bob)
    assert stranger.get(f"{SHARES}/{share_id}").status_code == 404
    assert stranger.post(f"{SHARES}/{share_id}/revoke").status_code == 404
    assert stranger.get(SHARES).json()["results"] == []
    assert stranger.get(f"{SHARES}/not-a-uuid").status_code == 404


def test_anonymous_callers_get_401(client, api):
    anonymous = api()
    assert anonymous.get(SHARES).status_code == 401
    assert (
        anonymous.post(SHARES, {"summary": True, "expiry": "1d"}, format="json").status_code == 401
    )


def test_staff_cannot_make_links(staff_member, api):
    # A staff session is not a patient's: the share API refuses it like any non-patient.
    assert api(staff_member).get(SHARES).status_code in {401, 403}


def test_the_schema_describes_the_share_api(api, db):
    schema = api().get("/api/schema/", {"format": "json"}).json()
    create = schema["paths"]["/api/v1/me/shares"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ShareCreateInput"}
    assert "/api/v1/me/shares/{share_id}/revoke" in schema["paths"]


def test_a_patient_with_no_records_yet_can_share_an_empty_summary(alice_api, client):
    response = alice_api.post("/api/v1/me/shares", {"summary": True, "expiry": "1d"}, format="json")
    assert response.status_code == 201, response.content[:500]
    from tests.backend.sharing.conftest import post_manifest

    assert post_manifest(client, response.json()["link"]).status_code == 200
