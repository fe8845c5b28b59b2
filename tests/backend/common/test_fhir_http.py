"""The FHIR body parser: large attachments pass, hostile shapes do not."""

import base64
import io

import pytest

from common.exceptions import PayloadTooLarge, ValidationFailed
from common.fhir_http import parse_fhir_json, read_limited


def test_a_three_megabyte_base64_attachment_is_one_acceptable_string():
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 9000
    body = b'{"resourceType": "Binary", "data": "' + base64.b64encode(pdf) + b'"}'
    assert len(body) > 3_000_000
    assert parse_fhir_json(body, 20_000_000)["resourceType"] == "Binary"


def test_a_body_over_the_limit_is_too_large():
    with pytest.raises(PayloadTooLarge):
        read_limited(io.BytesIO(b"x" * 2049), 2048)


def test_duplicate_keys_are_a_parse_error_that_names_no_value():
    with pytest.raises(ValidationFailed) as refused:
        parse_fhir_json(b'{"name": "Zyxwvut", "name": "Zyxwvut"}', 1000)
    assert "Zyxwvut" not in refused.value.message
