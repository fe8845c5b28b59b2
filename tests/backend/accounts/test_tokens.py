"""Access tokens: only ours, only unexpired, only for this API, only for the right role."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.signing import current_private_key, public_key, reset_cache
from accounts.tokens import SessionClaims, access_token_issue
from tests.backend.accounts.conftest import events


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_of(client: Any, **changes: Any) -> dict[str, Any]:
    """The claims of a client's real token, with changes."""
    token = client.tokens.access
    payload = jwt.decode(token, options={"verify_signature": False})
    return {**payload, **changes}


def sign(claims: dict[str, Any], **header: Any) -> str:
    key = current_private_key()
    return jwt.encode(claims, key.key, algorithm="ES256", headers={"kid": key.kid, **header})


def me(api: Any, token: str) -> Any:
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/api/v1/me")


def assert_refused(response: Any) -> None:
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_real_token_reads_the_profile(api, alice):
    response = api(alice).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["id"] == str(alice.id)


def test_the_token_names_its_key_audience_type_and_session(api, alice):
    client = api(alice)
    header = jwt.get_unverified_header(client.tokens.access)
    claims = claims_of(client)
    assert header["alg"] == "ES256" and header["kid"] == current_private_key().kid
    assert claims["aud"] == f"{settings.PUBLIC_BASE_URL}/api/v1"
    assert claims["iss"] == settings.PUBLIC_BASE_URL
    assert claims["typ"] == "patient" and claims["sid"] == str(client.tokens.session_id)
    assert claims["exp"] - claims["iat"] == 600


def test_an_expired_token_is_refused(api, alice):
    client = api(alice)
    claims = SessionClaims(client.tokens.session_id, alice.id, "patient")
    old, _ = access_token_issue(claims=claims, now=timezone.now() - dt.timedelta(minutes=11))
    assert_refused(me(api, old))


def test_a_tampered_payload_breaks_the_signature(api, alice, bob):
    bob_session = api(bob).tokens.session_id
    token = api(alice).tokens.access
    head, _, signature = token.split(".")
    forged = claims_of(api(alice), sid=str(bob_session), sub=str(bob.id))
    tampered = f"{head}.{b64(json.dumps(forged).encode())}.{signature}"
    assert_refused(me(api, tampered))


def test_alg_none_is_refused(api, alice):
    claims = claims_of(api(alice))
    header = {"alg": "none", "typ": "JWT", "kid": current_private_key().kid}
    unsigned = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}."
    assert_refused(me(api, unsigned))


def test_hs256_signed_with_our_public_key_is_refused(api, alice):
    """The classic confusion attack: the public key used as an HMAC secret."""
    claims = claims_of(api(alice))
    kid = current_private_key().kid
    public = public_key(kid)
    assert public is not None
    pem = public.key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    assert_refused(me(api, f"{signing_input}.{b64(mac)}"))


def test_an_unknown_kid_is_refused(api, alice):
    claims = claims_of(api(alice))
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(claims, stranger_key, algorithm="ES256", headers={"kid": "not-ours"})
    assert_refused(me(api, token))


def test_our_kid_on_a_strangers_signature_is_refused(api, alice):
    claims = claims_of(api(alice))
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    kid = current_private_key().kid
    token = jwt.encode(claims, stranger_key, algorithm="ES256", headers={"kid": kid})
    assert_refused(me(api, token))


def test_a_hospital_system_token_is_refused_on_patient_endpoints(api, alice):
    """Same signing key even: audience /fhir/R4 and typ system never open the patient API."""
    claims = claims_of(api(alice), aud=f"{settings.PUBLIC_BASE_URL}/fhir/R4", typ="system")
    assert_refused(me(api, sign(claims)))


def test_typ_system_is_refused_even_with_our_audience(api, alice):
    assert_refused(me(api, sign(claims_of(api(alice), typ="system"))))


def test_another_issuer_is_refused(api, alice):
    assert_refused(me(api, sign(claims_of(api(alice), iss="https://evil.example"))))


def test_a_token_whose_type_disagrees_with_its_session_is_refused(api, alice):
    assert_refused(me(api, sign(claims_of(api(alice), typ="staff"))))


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer not-a-jwt", "Bearer é"])
def test_a_malformed_bearer_header_is_refused(api, alice, header):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/me").status_code == 401


def test_no_bearer_header_is_anonymous_and_public_endpoints_ignore_a_bad_one(api, db):
    assert api().get("/api/v1/me").json()["error"]["code"] == "not_authenticated"
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Bearer garbage")
    assert client.get("/api/v1/agreements").status_code == 200


def test_a_patient_token_is_refused_on_the_staff_endpoint(api, alice):
    response = api(alice).get("/api/v1/staff/me")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_staff_token_is_refused_on_patient_endpoints(api, staff_member):
    client = api(staff_member)
    assert client.get("/api/v1/me/agreements").status_code == 403
    assert client.get("/api/v1/staff/me").status_code == 200


def test_an_operator_token_is_not_a_staff_token(api, operator):
    assert api(operator).get("/api/v1/staff/me").status_code == 403


def test_the_staff_endpoint_shows_the_staff_profile(api, staff_member):
    body = api(staff_member).get("/api/v1/staff/me").json()
    assert body == {
        "id": str(staff_member.id),
        "email": "sam@hospital-a.example",
        "role": "staff",
        "name": "Sam Coordinator",
        "preferred_language": "en",
        "time_zone": "Asia/Seoul",
    }


def test_the_staff_endpoint_refuses_strangers(api, db):
    assert api().get("/api/v1/staff/me").status_code == 401


def test_after_rotation_old_tokens_verify_until_their_key_retires(api, alice, clock):
    client = api(alice)
    old_kid = jwt.get_unverified_header(client.tokens.access)["kid"]
    out = io.StringIO()
    call_command("rotate_signing_key", stdout=out)
    new_kid = out.getvalue().split()[3]
    assert [e.object_id for e in events("key.signing_rotate")] == [new_kid]
    fresh = api(alice)
    assert jwt.get_unverified_header(fresh.tokens.access)["kid"] == new_kid != old_kid
    assert client.get("/api/v1/me").status_code == 200
    clock.advance(minutes=13)  # past the access lifetime and the cache interval
    reset_cache()
    assert client.get("/api/v1/me").status_code == 401
