"""A recipient outside Korea needs its own transfer consent, shown before it is given."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from common.exceptions import Unprocessable
from consent.services import transfer_consent_require
from tests.backend.consent.conftest import audit_since, everything, grant, head
from tests.hospital_personas import make_hospital

PREVIEW = "/api/v1/me/transfer-consents/preview"


@pytest.fixture
def osaka(db):
    hospital = make_hospital("Osaka Medical Center", "JP-0001")
    hospital.organization.country = "JP"
    hospital.organization.names = {"en": "Osaka Medical Center", "ko": "오사카 의료센터"}
    hospital.organization.save()
    return hospital


def terms(hospital_name, **overrides):
    now = timezone.now()
    body = {
        "recipient_name": hospital_name,
        "country": "JP",
        "items": ["medications"],
        "starts_at": (now - timedelta(minutes=1)).isoformat(),
        "expires_at": (now + timedelta(days=120)).isoformat(),
    }
    return {**body, **overrides}


def give(client, body):
    preview = client.post(PREVIEW, body, format="json")
    assert preview.status_code == 200, preview.content
    given = client.post(
        "/api/v1/me/transfer-consents", {**body, "digest": preview.json()["digest"]}, format="json"
    )
    assert given.status_code == 201, given.content
    return given.json()["id"]


def test_a_grant_abroad_without_its_consent_is_refused_saying_how_to_give_it(alice, osaka, api):
    body = {
        "grantee": {"type": "organization", "id": str(osaka.organization.id)},
        "purpose": "follow-up",
        "sections": ["medications"],
        "expires_at": (timezone.now() + timedelta(days=30)).isoformat(),
    }
    response = api(alice).post("/api/v1/me/consents", body, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "transfer_consent_required"
    assert "일본" in error["message"] and "국외" in error["message"]  # in alice's Korean


def test_the_preview_names_recipient_country_items_and_period_in_the_patients_language(alice, api):
    response = api(alice).post(PREVIEW, terms("오사카 의료센터"), format="json")
    body = response.json()
    assert body["language"] == "ko"
    assert "오사카 의료센터" in body["text"] and "일본" in body["text"] and "약물" in body["text"]
    english = api(alice).post(PREVIEW, terms("Osaka", language="en"), format="json").json()
    assert "Japan" in english["text"] and english["digest"] != body["digest"]


def test_with_its_consent_the_grant_is_made_and_the_hospital_abroad_reads(
    alice, alice_records, osaka, api
):
    client = api(alice)
    consent_id = give(client, terms("오사카 의료센터"))
    given = grant(
        alice,
        osaka,
        sections=["medications"],
        purpose="follow-up",
        expires_at=timezone.now() + timedelta(days=30),
    )
    assert str(given.transfer_consent_id) == consent_id
    assert everything(osaka, given.id).json()["total"] == 2
    seq = head()
    withdrawn = client.post(f"/api/v1/me/transfer-consents/{consent_id}/withdraw")
    assert withdrawn.status_code == 200
    assert everything(osaka, given.id).status_code == 404
    [refusal] = audit_since(seq, action="access.fhir.everything")
    assert refusal.detail["reason"] == "transfer_consent_missing"


def test_a_consent_for_fewer_items_or_a_shorter_period_does_not_cover_the_grant(alice, osaka, api):
    give(
        api(alice),
        terms("오사카 의료센터", expires_at=(timezone.now() + timedelta(days=5)).isoformat()),
    )
    with pytest.raises(Unprocessable):
        grant(
            alice, osaka, sections=["medications"], expires_at=timezone.now() + timedelta(days=30)
        )
    with pytest.raises(Unprocessable):
        grant(alice, osaka, sections=["results"], expires_at=timezone.now() + timedelta(days=2))


def test_a_consent_is_given_only_to_the_text_that_was_shown(alice, api):
    response = api(alice).post(
        "/api/v1/me/transfer-consents", {**terms("Osaka"), "digest": "0" * 64}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "transfer_text_changed"


def test_without_the_general_transfer_agreement_no_specific_consent_is_taken(alice, api):
    client = api(alice)
    client.post(
        "/api/v1/me/agreements", {"kind": "transfer_abroad", "action": "withdraw"}, format="json"
    )
    preview = client.post(PREVIEW, terms("Osaka"), format="json").json()
    response = client.post(
        "/api/v1/me/transfer-consents",
        {**terms("Osaka"), "digest": preview["digest"]},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "transfer_agreement_required"


def test_the_consent_is_listed_for_the_patient_with_the_recipient_unsealed(alice, api):
    client = api(alice)
    give(client, terms("Dr. Tanaka, Osaka"))
    [row] = client.get("/api/v1/me/transfer-consents").json()["results"]
    assert row["recipient_name"] == "Dr. Tanaka, Osaka"
    assert row["country"] == "JP" and row["withdrawn_at"] is None
    from consent.models import TransferConsent

    assert b"Tanaka" not in bytes(TransferConsent.objects.get().recipient_name)


def test_sharing_and_consultations_ask_the_same_service(alice, api):
    now = timezone.now()
    period = (now, now + timedelta(days=7))
    assert (
        transfer_consent_require(
            patient=alice, recipient_name="Dr. Kim", country="KR", items=["all"], period=period
        )
        is None
    )
    with pytest.raises(Unprocessable) as refused:
        transfer_consent_require(
            patient=alice, recipient_name="Dr. Smith", country="US", items=["all"], period=period
        )
    assert refused.value.code == "transfer_consent_required"
    give(api(alice), terms("Dr. Smith", country="US", items=["all"]))
    found = transfer_consent_require(
        patient=alice, recipient_name="dr. smith", country="us", items=["problems"], period=period
    )
    assert found is not None and found.country == "US"
