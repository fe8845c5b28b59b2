"""One handler, the shape each caller expects, and never a word of the cause."""

import pytest
from django.test import Client

from tests.backend.common.error_urls import SECRET

pytestmark = [pytest.mark.urls("tests.backend.common.error_urls")]


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def test_patient_api_errors_are_json_with_code_message_and_fields(client):
    response = client.get("/api/v1/thing")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": {"email": ["Enter a valid email address."]},
        }
    }


def test_fhir_errors_are_operation_outcomes_naming_the_location(client):
    response = client.get("/fhir/R4/thing")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/fhir+json"
    issue = response.json()["issue"][0]
    assert response.json()["resourceType"] == "OperationOutcome"
    assert issue["severity"] == "error" and issue["code"] == "processing"
    assert issue["expression"] == ["Bundle.type"]


def test_token_endpoint_errors_are_oauth_errors(client):
    response = client.get("/auth/token")
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "The client assertion has expired.",
    }
    assert response["Cache-Control"] == "no-store"


def test_share_link_errors_carry_remaining_attempts(client):
    response = client.get("/shl/abc")
    assert response.status_code == 401
    assert response.json()["remainingAttempts"] == 4


def test_rate_limits_say_when_to_retry(client):
    response = client.get("/shl/limited")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"


def test_staff_pages_get_html_errors(client):
    response = client.get("/staff/thing")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert b"<html" in response.content


@pytest.mark.parametrize("path", ["/api/v1/crash", "/fhir/R4/crash", "/staff/crash"])
def test_unexpected_errors_never_echo_their_message(client, path, caplog):
    response = client.get(path)
    assert response.status_code == 500
    assert b"Zyxwvut" not in response.content and b"HbA1c" not in response.content
    assert "Zyxwvut" not in caplog.text


def test_unknown_paths_get_the_shape_of_their_namespace(client):
    assert client.get("/fhir/R4/Nope")["Content-Type"] == "application/fhir+json"
    assert client.get("/api/v1/nope").json()["error"]["code"] == "not_found"
    assert SECRET  # the planted value exists, so the absence checks above can fail
