"""Who may call each health-data endpoint, and what the trail says about it.

Every endpoint × every persona: the patient, another patient, a hospital with a push-only
link, a hospital with a read grant, one whose grant expired, one whose grant was revoked, a
staff member of another hospital, and nobody. Allowed reads and refusals past the door each
leave an audit event by that actor; nothing of alice's leaks into a refusal. The endpoints
are consent's (FHIR reads, grants, access log) and the patient's own reading (records:
timeline, one record, summary).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from consent.models import Grant
from consent.services import grant_revoke
from hospitals.models import Organization, StaffMembership
from records.models import IndexEntry
from tests.backend.consent.conftest import audit_since, grant, head

PERSONAS = [
    "patient",
    "other_patient",
    "push_only_hospital",
    "granted_hospital",
    "expired_hospital",
    "revoked_hospital",
    "other_staff",
    "anonymous",
]
HOSPITALS = {"push_only_hospital", "granted_hospital", "expired_hospital", "revoked_hospital"}


@dataclass
class World:
    alice: Any
    clients: dict[str, APIClient]
    actor_ids: dict[str, str]
    handles: dict[str, str]
    granted: Grant
    entry_id: str


@pytest.fixture
def world(
    alice, bob, alice_records, hospital_a, hospital_b, hospital_c, hospital_d, staff_member, api
) -> World:
    granted = grant(alice, hospital_b, sections=["medications"])
    expired = grant(alice, hospital_c, sections=["medications"])
    Grant.objects.filter(id=expired.id).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked = grant(alice, hospital_d, sections=["medications"])
    grant_revoke(patient=alice, grant_id=revoked.id)
    elsewhere = Organization.objects.create(names={"en": "Gwangju Hospital"}, country="KR")
    StaffMembership.objects.create(user=staff_member, organization=elsewhere, role="doctor")
    hospitals = {
        "push_only_hospital": (hospital_a, str(alice_records.id)),
        "granted_hospital": (hospital_b, str(granted.id)),
        "expired_hospital": (hospital_c, str(expired.id)),
        "revoked_hospital": (hospital_d, str(revoked.id)),
    }
    clients = {name: h.fhir for name, (h, _) in hospitals.items()}
    clients |= {"patient": api(alice), "other_patient": api(bob)}
    clients |= {"other_staff": api(staff_member), "anonymous": APIClient()}
    actor_ids = {name: h.client.client_id for name, (h, _) in hospitals.items()}
    actor_ids |= {"patient": str(alice.id), "other_patient": str(bob.id)}
    actor_ids |= {"other_staff": str(staff_member.id), "anonymous": ""}
    handles = {name: handle for name, (_, handle) in hospitals.items()}
    entry = IndexEntry.objects.filter(patient=alice, resource_type="MedicationStatement").first()
    return World(alice, clients, actor_ids, handles, granted, str(entry.id))


def _handle(world: World, persona: str) -> str:
    # Non-hospitals try the most permissive id there is: the standing grant's.
    return world.handles.get(persona, str(world.granted.id))


ENDPOINTS = {
    "everything": lambda w, p: ("get", f"/fhir/R4/Patient/{_handle(w, p)}/$everything"),
    "medication_search": lambda w, p: (
        "get",
        f"/fhir/R4/MedicationStatement?patient={_handle(w, p)}",
    ),
    "consents": lambda w, p: ("get", "/api/v1/me/consents"),
    "consent_detail": lambda w, p: ("get", f"/api/v1/me/consents/{w.granted.id}"),
    "consent_fhir": lambda w, p: ("get", f"/api/v1/me/consents/{w.granted.id}?format=fhir"),
    "consent_revoke": lambda w, p: ("post", f"/api/v1/me/consents/{w.granted.id}/revoke"),
    "access_log": lambda w, p: ("get", "/api/v1/me/access-log"),
    # The patient's own reading (records app): nobody else reads through these.
    "timeline": lambda w, p: ("get", "/api/v1/me/timeline"),
    "record": lambda w, p: ("get", f"/api/v1/me/records/{w.entry_id}"),
    "summary": lambda w, p: ("get", "/api/v1/me/summary"),
}
FHIR_EXPECTED = {
    "patient": 401,
    "other_patient": 401,
    "push_only_hospital": 404,
    "granted_hospital": 200,
    "expired_hospital": 404,
    "revoked_hospital": 404,
    "other_staff": 401,
    "anonymous": 401,
}
PATIENT_EXPECTED = {  # the patient's own lists: another patient sees only their own
    **{name: 401 for name in HOSPITALS},
    "patient": 200,
    "other_patient": 200,
    "other_staff": 403,
    "anonymous": 401,
}
ONE_GRANT_EXPECTED = {**PATIENT_EXPECTED, "other_patient": 404}
EXPECTED = {
    "everything": FHIR_EXPECTED,
    "medication_search": FHIR_EXPECTED,
    "consents": PATIENT_EXPECTED,
    "consent_detail": ONE_GRANT_EXPECTED,
    "consent_fhir": ONE_GRANT_EXPECTED,
    "consent_revoke": ONE_GRANT_EXPECTED,
    "access_log": PATIENT_EXPECTED,
    "timeline": PATIENT_EXPECTED,
    "record": ONE_GRANT_EXPECTED,
    "summary": PATIENT_EXPECTED,
}
# Records' endpoints answer a staff session 403 at the door (accounts' IsPatient) without
# an audit event; consent's endpoints record that refusal. Written down, not hidden.
DOOR_UNAUDITED = {"timeline", "record", "summary"}


def _check_trail(world: World, persona: str, status: int, events: list[Any], endpoint: str) -> None:
    mine = [e for e in events if e.actor_id == world.actor_ids[persona] and e.actor_id]
    if status == 200:
        assert any(e.outcome == "success" for e in mine), "an allowed read leaves an event"
    elif status == 403 and endpoint in DOOR_UNAUDITED:
        assert not [e for e in events if e.outcome == "success"]
    elif status in {403, 404}:
        assert any(e.outcome == "denied" for e in mine), "a refusal leaves an event"
    else:  # 401 at the door: not authenticated as anyone who could read
        assert not [e for e in events if e.outcome == "success"]
    if persona in HOSPITALS and status == 404:
        [refusal] = [e for e in mine if e.action.startswith("access.")]
        assert refusal.patient_id == str(world.alice.id)  # the patient sees it in her log


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_it_may_on_each_endpoint(world, persona, endpoint):
    method, path = ENDPOINTS[endpoint](world, persona)
    seq = head()
    response = getattr(world.clients[persona], method)(path)
    expected = EXPECTED[endpoint][persona]
    assert response.status_code == expected, (persona, endpoint, response.content[:300])
    _check_trail(world, persona, expected, audit_since(seq), endpoint)
    if expected != 200 or persona == "other_patient":
        assert b"MedicationStatement" not in response.content
        assert b"Salbutamol" not in response.content
        assert str(world.granted.id).encode() not in response.content
    if persona == "granted_hospital" and EXPECTED[endpoint] is FHIR_EXPECTED:
        body = response.json()
        kinds = {e["resource"]["resourceType"] for e in body["entry"]}
        assert kinds == {"MedicationStatement"} and body["total"] == len(body["entry"]) == 2
