"""SMART Backend Services token endpoint: exactly the standard, and nothing else gets in."""

import base64
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from audit.models import AuditEvent
from tests.hospital_personas import FORM, form_body, make_hospital

pytestmark = pytest.mark.django_db


def refused(response, fragment: str) -> None:
    assert response.status_code == 401, response.content
    body = response.json()
    assert body["error"] == "invalid_client"
    assert fragment in body["error_description"]
    assert response["Cache-Control"] == "no-store"


def test_a_signed_assertion_gets_a_short_lived_bearer_token(hospital_a):
    response = hospital_a.request_token(scope="system/Bundle.c system/Patient.c")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert 0 < body["expires_in"] <= 300
    assert body["scope"] == "system/Bundle.c system/Patient.c"
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="auth.token.issue", outcome="success")
    assert event.actor_id == hospital_a.client.client_id


def test_rs384_keys_are_accepted(db):
    hospital = make_hospital("RSA Hospital", "31100003", alg="RS384")
    assert hospital.request_token().status_code == 200


def test_an_expired_assertion_is_refused(hospital_a):
    assertion = hospital_a.assertion(exp=int(time.time()) - 120)
    refused(hospital_a.request_token(assertion), "expired")


def test_an_assertion_for_another_audience_is_refused(hospital_a):
    assertion = hospital_a.assertion(aud="https://evil.example/auth/token")
    refused(hospital_a.request_token(assertion), "aud must be")


def test_an_assertion_valid_for_too_long_is_refused(hospital_a):
    assertion = hospital_a.assertion(exp=int(time.time()) + 3600)
    refused(hospital_a.request_token(assertion), "at most five minutes")


def test_a_replayed_assertion_is_refused(hospital_a):
    assertion = hospital_a.assertion()
    assert hospital_a.request_token(assertion).status_code == 200
    refused(hospital_a.request_token(assertion), "already used")
    assert AuditEvent.objects.filter(action="auth.token.issue", outcome="denied").count() == 1


def test_an_unknown_kid_is_refused(hospital_a):
    claims = jwt.decode(hospital_a.assertion(), options={"verify_signature": False})
    assertion = jwt.encode(
        claims, hospital_a.keys.private_pem, algorithm="ES384", headers={"kid": "not-registered"}
    )
    refused(hospital_a.request_token(assertion), "No registered key has this kid")


def test_rs256_is_refused_when_only_rs384_and_es384_are_allowed(hospital_a):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = jwt.decode(hospital_a.assertion(), options={"verify_signature": False})
    assertion = jwt.encode(claims, key, algorithm="RS256", headers={"kid": hospital_a.keys.kid})
    refused(hospital_a.request_token(assertion), "RS384 or ES384")


def test_hs256_signed_with_the_public_key_is_refused(hospital_a):
    public_pem = (
        serialization.load_pem_private_key(hospital_a.keys.private_pem, None)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    claims = jwt.decode(hospital_a.assertion(), options={"verify_signature": False})
    header = base64.urlsafe_b64encode(
        b'{"alg":"HS256","kid":"%s","typ":"JWT"}' % hospital_a.keys.kid.encode()
    ).rstrip(b"=")
    body = base64.urlsafe_b64encode(jwt.api_jws.json.dumps(claims).encode()).rstrip(b"=")
    import hashlib
    import hmac

    signature = base64.urlsafe_b64encode(
        hmac.new(public_pem, header + b"." + body, hashlib.sha256).digest()
    ).rstrip(b"=")
    assertion = (header + b"." + body + b"." + signature).decode()
    refused(hospital_a.request_token(assertion), "RS384 or ES384")


def test_an_unsigned_assertion_is_refused(hospital_a):
    claims = jwt.decode(hospital_a.assertion(), options={"verify_signature": False})
    assertion = jwt.encode(claims, None, algorithm="none", headers={"kid": hospital_a.keys.kid})
    refused(hospital_a.request_token(assertion), "RS384 or ES384")


def test_a_tampered_signature_is_refused(hospital_a):
    head, body, signature = hospital_a.assertion().split(".")
    flipped = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")
    refused(hospital_a.request_token(f"{head}.{body}.{flipped}"), "does not verify")


def test_iss_and_sub_must_both_be_the_client(hospital_a):
    assertion = hospital_a.assertion(sub="someone-else")
    refused(hospital_a.request_token(assertion), "iss and sub")


def test_an_inactive_client_is_refused(hospital_a):
    hospital_a.client.active = False
    hospital_a.client.save()
    refused(hospital_a.request_token(), "Unknown or inactive client")


def test_a_key_of_the_wrong_type_for_the_algorithm_is_refused(hospital_a):
    # A signs with RS384 under the kid of its registered EC key.
    other = make_hospital("Other", "41100004", alg="RS384")
    claims = jwt.decode(hospital_a.assertion(), options={"verify_signature": False})
    assertion = jwt.encode(
        claims, other.keys.private_pem, algorithm="RS384", headers={"kid": hospital_a.keys.kid}
    )
    refused(hospital_a.request_token(assertion), "does not fit")


def test_scopes_outside_the_clients_allowance_are_refused(hospital_a):
    hospital_a.client.scopes = "system/Bundle.c"
    hospital_a.client.save()
    response = hospital_a.request_token(scope="system/Patient.r")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    response = hospital_a.request_token(scope="patient/*.read")
    assert response.json()["error"] == "invalid_scope"


def test_other_grant_types_are_refused(hospital_a, client):
    response = client.post("/auth/token", form_body({"grant_type": "password"}), content_type=FORM)
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_system_token_cannot_reach_patient_endpoints(hospital_a, client):
    response = client.get("/api/v1/me/links", HTTP_AUTHORIZATION=f"Bearer {hospital_a.token()}")
    assert response.status_code == 401


def test_a_patient_token_cannot_reach_fhir_endpoints(alice, api):
    patient = api(alice)
    token = patient._credentials["HTTP_AUTHORIZATION"]
    response = patient.get("/fhir/R4/Patient/x", HTTP_AUTHORIZATION=token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/fhir+json"


def test_discovery_names_the_token_endpoint_and_algorithms(client, settings):
    body = client.get("/.well-known/smart-configuration").json()
    assert body["token_endpoint"] == f"{settings.PUBLIC_BASE_URL}/auth/token"
    assert body["token_endpoint_auth_signing_alg_values_supported"] == ["RS384", "ES384"]
    assert body["grant_types_supported"] == ["client_credentials"]


def test_the_capability_statement_lists_what_we_accept(client):
    response = client.get("/fhir/R4/metadata")
    assert response["Content-Type"] == "application/fhir+json"
    body = response.json()
    assert body["resourceType"] == "CapabilityStatement" and body["fhirVersion"] == "4.0.1"
    types = {r["type"] for r in body["rest"][0]["resource"]}
    assert {"Bundle", "Patient"} <= types
    assert "202" in body["rest"][0]["documentation"]


def test_the_capability_statement_lists_the_reads_under_a_grant(client):
    rest = client.get("/fhir/R4/metadata").json()["rest"][0]
    searchable = {
        r["type"] for r in rest["resource"] if r.get("interaction") == [{"code": "search-type"}]
    }
    assert {"MedicationStatement", "Condition", "AllergyIntolerance"} <= searchable
    patient = next(r for r in rest["resource"] if r["type"] == "Patient")
    assert {o["name"] for o in patient["operation"]} == {"link", "everything"}
