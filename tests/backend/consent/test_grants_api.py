"""The patient gives, lists, exports and revokes grants through /api/v1/me/consents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent

from hospitals.models import LinkStatus, PatientLink
from tests.backend.consent.conftest import audit_since, grant, head


def referral(hospital, **overrides):
    body = {
        "grantee": {"type": "organization", "identifier": hospital.organization.identifier_value},
        "purpose": "referral",
        "sections": ["medications", "results"],
        "data_from": (timezone.now() - timedelta(days=730)).date().isoformat(),
        "expires_at": (timezone.now() + timedelta(days=60)).isoformat(),
    }
    return {**body, **overrides}


def test_a_patient_grants_a_hospital_medications_and_results_for_a_referral(alice, hospital_b, api):
    seq = head()
    response = api(alice).post("/api/v1/me/consents", referral(hospital_b), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "read"
    assert body["grantee_name"] == "Busan Clinic (ko)"  # alice reads Korean
    assert body["sections"] == ["medications", "results"]
    assert body["status"] == "active"
    assert body["patient_reference"] == f"Patient/{body['id']}"  # not linked: the grant id
    [event] = audit_since(seq, action="consent.grant.create")
    assert event.patient_id == str(alice.id)
    assert event.detail["sections"] == ["medications", "results"]


def test_a_linked_hospital_reads_under_the_link_it_already_knows(alice, linked_alice, hospital_a):
    from accounts.selectors import actor_for
    from consent.selectors import grants_of

    given = grant(alice, hospital_a, sections=["problems"], purpose="treatment")
    views = {v.id: v for v in grants_of(actor=actor_for(alice), patient=alice)}
    assert views[str(given.id)].patient_reference == f"Patient/{linked_alice.id}"


def test_the_list_shows_hospital_links_as_push_grants(alice, linked_alice, hospital_b, api):
    grant(alice, hospital_b, sections=["medications"])
    results = api(alice).get("/api/v1/me/consents").json()["results"]
    assert [r["kind"] for r in results] == ["read", "push"]
    push = results[1]
    assert push["id"] == str(linked_alice.id)
    assert push["grantee_name"] == "Seoul General Hospital (ko)"


def test_revoking_a_push_grant_revokes_the_hospital_link(alice, linked_alice, api):
    seq = head()
    response = api(alice).post(f"/api/v1/me/consents/{linked_alice.id}/revoke")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert PatientLink.objects.get(id=linked_alice.id).status == LinkStatus.REVOKED
    assert [e.action for e in audit_since(seq, action__endswith="revoke")] == ["link.revoke"]


def test_revoking_twice_is_not_an_error_and_is_audited_once(alice, hospital_b, api):
    given = grant(alice, hospital_b, sections=["medications"])
    seq = head()
    for _ in range(2):
        assert api(alice).post(f"/api/v1/me/consents/{given.id}/revoke").status_code == 200
    assert len(audit_since(seq, action="consent.grant.revoke")) == 1


def test_another_patient_can_neither_see_nor_revoke_a_grant(alice, bob, hospital_b, api):
    given = grant(alice, hospital_b, sections=["medications"])
    seq = head()
    assert api(bob).get(f"/api/v1/me/consents/{given.id}").status_code == 404
    assert api(bob).post(f"/api/v1/me/consents/{given.id}/revoke").status_code == 404
    assert api(bob).get("/api/v1/me/consents").json()["results"] == []
    refusals = audit_since(seq, outcome="denied")
    assert [r.action for r in refusals] == ["consent.grant.read", "consent.grant.revoke"]
    assert all(r.actor_id == str(bob.id) for r in refusals)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sections": ["medications", "horoscope"]}, "sections"),
        ({"kinds": ["gossip"]}, "kinds"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
        ({"data_from": "2026-01-01", "data_to": "2025-01-01"}, "data_from"),
        ({"document_ids": ["3f1e0c4e-8d55-4a4e-9a0c-2b1f0a9d7c11"]}, "document_ids"),
        ({"grantee": {"type": "organization", "identifier": "nope"}}, "grantee"),
    ],
)
def test_a_grant_that_cannot_be_honoured_is_refused_field_by_field(
    alice, hospital_b, api, overrides, field
):
    response = api(alice).post(
        "/api/v1/me/consents", referral(hospital_b, **overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_every_grant_exports_as_a_valid_fhir_r4_consent(alice, linked_alice, hospital_b, api):
    given = grant(
        alice,
        hospital_b,
        sections=["medications"],
        kinds=["referral"],
        data_from=timezone.now().date() - timedelta(days=730),
    )
    client = api(alice)
    one = client.get(f"/api/v1/me/consents/{given.id}?format=fhir")
    assert one.status_code == 200
    assert one["Content-Type"].startswith("application/fhir+json")
    consent = Consent.model_validate(one.json())
    assert consent.status == "active"
    assert consent.provision.type == "permit"
    assert consent.provision.actor[0].reference.display == "Busan Clinic (ko)"
    assert {c.coding[0].code for c in consent.provision.code} == {"10160-0", "57133-1"}
    everything = client.get("/api/v1/me/consents?format=fhir").json()
    bundle = Bundle.model_validate(everything)
    actions = [e.resource.provision.action[0].coding[0].code for e in bundle.entry]
    assert actions == ["access", "collect"]


def test_a_revoked_grant_exports_as_an_inactive_consent(alice, hospital_b, api):
    given = grant(alice, hospital_b, sections=["medications"])
    client = api(alice)
    client.post(f"/api/v1/me/consents/{given.id}/revoke")
    consent = Consent.model_validate(
        client.get(f"/api/v1/me/consents/{given.id}?format=fhir").json()
    )
    assert consent.status == "inactive"


def test_deleting_the_account_ends_every_grant_and_transfer_consent(alice, hospital_b):
    from consent.models import GrantStatus, TransferConsent
    from consent.services import grants_end_for_deletion
    from consent.services.transfer import _seal_name

    grant(alice, hospital_b, sections=["medications"])
    row = TransferConsent(
        patient=alice,
        country="JP",
        items=["all"],
        starts_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=1),
        language="ko",
        text_digest="0" * 64,
        given_at=timezone.now(),
    )
    row.recipient_name = _seal_name(row, "Dr. Tanaka")
    row.save()
    ended = grants_end_for_deletion(user=alice)
    assert ended == {"grants_revoked": 1, "transfer_consents_withdrawn": 1}
    assert not alice.grants.filter(status=GrantStatus.ACTIVE).exists()
    assert grants_end_for_deletion(user=alice, replaying=True) == {
        "grants_revoked": 0,
        "transfer_consents_withdrawn": 0,
    }
