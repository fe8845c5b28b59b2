"""Hostile bodies: each refused with an OperationOutcome, never a 5xx, nothing stored."""

from __future__ import annotations

import pytest
from django.test import override_settings

from records.models import Document, IndexEntry, Submission
from tests.backend.records import bundles

pytestmark = pytest.mark.django_db

VALID_PREFIX = b'{"resourceType": "Bundle", "type": "collection", "entry": []'


def assert_refused(response, status: int) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/fhir+json"
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert all(issue["severity"] in {"error", "fatal"} for issue in outcome["issue"])
    assert not Submission.objects.exists() and not Document.objects.exists()


def test_a_25_mb_body_is_refused_with_413(push, hospital_a, linked_alice):
    body = VALID_PREFIX + b", " + b'"x": "' + b"a" * (25 * 1024 * 1024) + b'"}'
    assert_refused(push(hospital_a, body), 413)


@override_settings(FHIR_MAX_BODY_BYTES=4096)
def test_a_body_without_length_is_still_cut_at_the_limit(hospital_a, linked_alice):
    from io import BytesIO

    from common.exceptions import PayloadTooLarge
    from records.services.intake import read_body

    with pytest.raises(PayloadTooLarge):
        read_body(BytesIO(b"x" * 5000), None)
    assert read_body(BytesIO(b"x" * 4096), None) == b"x" * 4096


@pytest.mark.slow
def test_a_4_mb_valid_bundle_is_accepted_despite_djangos_memory_cap(
    push, hospital_a, linked_alice, settings
):
    body = bundles.padded(4 * 1024 * 1024)
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = push(hospital_a, body)
    assert response.status_code == 202, response.content[:500]
    assert IndexEntry.objects.filter(resource_type="Observation").count() > 4000


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(VALID_PREFIX[:-1] + b'"caf\xe9"]}', id="invalid-utf8"),
        pytest.param(b"\xef\xbb\xbf" + VALID_PREFIX + b"}", id="byte-order-mark"),
        pytest.param(b'{"resourceType": "Bundle", "resourceType": "Bundle"}', id="duplicate-keys"),
        pytest.param(b"[" * 10_000 + b"]" * 10_000, id="10000-deep"),
        pytest.param(VALID_PREFIX + b', "total": ' + b"9" * 5000 + b"}", id="5000-digit-number"),
        pytest.param(VALID_PREFIX + b', "total": NaN}', id="nan"),
        pytest.param(b'{"resourceType": "Bundle",}', id="trailing-comma"),
        pytest.param(b"", id="empty"),
    ],
)
def test_hostile_json_is_a_400_operation_outcome(push, hospital_a, linked_alice, body):
    assert_refused(push(hospital_a, body), 400)


def test_a_huge_string_parses_but_an_unknown_element_is_refused(push, hospital_a, linked_alice):
    # One string may fill the body (inline attachments are base64); the body limit bounds it
    # and validation still refuses an element FHIR does not define, with no 5xx.
    body = VALID_PREFIX + b', "x": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    assert_refused(push(hospital_a, body), 422)


def test_parser_messages_never_echo_the_input(push, hospital_a, linked_alice):
    response = push(hospital_a, b'{"Zyxwarden": 1, "Zyxwarden": 2}')
    assert response.status_code == 400
    assert b"Zyxwarden" not in response.content


@pytest.mark.parametrize(
    "body",
    [b"[]", b'"Bundle"', b"null", b'{"resourceType": "Patient"}', b'{"resourceType": "Bundle"}'],
)
def test_json_that_is_not_a_bundle_is_a_422(push, hospital_a, linked_alice, body):
    assert_refused(push(hospital_a, body), 422)


def test_refusals_are_audited_without_a_patient(push, hospital_a, linked_alice):
    from audit.models import AuditEvent

    push(hospital_a, b"[" * 10_000)
    event = AuditEvent.objects.get(action="record.push")
    assert event.outcome == "denied" and event.patient_id == ""
