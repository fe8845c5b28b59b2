"""FHIR over HTTP: parsing with hostile-input limits, rendering `application/fhir+json`.

DRF's JSONParser refuses the FHIR media type and accepts duplicate keys, 10,000-deep nesting
and 5,000-digit numbers; this parser refuses all of those with an OperationOutcome naming
the problem, never the offending value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from django.conf import settings
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer

from common.exceptions import PayloadTooLarge, ValidationFailed
from shared.fhir import JsonInputError, load_json

FHIR_JSON = "application/fhir+json"


def read_limited(stream: Any, limit: int) -> bytes:
    """Read at most `limit` bytes of a request body, refusing anything longer (413)."""
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(65_536, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise PayloadTooLarge(f"The body is larger than the limit of {limit:,} bytes.")
    return b"".join(chunks)


def parse_fhir_json(body: bytes, limit: int) -> Any:
    # One string may fill the whole body: a base64 PDF in an Attachment is the normal case,
    # and the body limit already bounds memory.
    try:
        return load_json(body, max_bytes=limit, max_string=limit)
    except JsonInputError as error:
        if error.code == "too-long" and len(body) > limit:
            raise PayloadTooLarge(error.message) from None
        refusal = ValidationFailed(str(error), code="parse_error")
        refusal.fhir_code = error.code  # e.g. "structure"; str(error) says where, never what
        raise refusal from None


class FhirJsonParser(BaseParser):
    media_type = FHIR_JSON

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.FHIR_MAX_BODY_BYTES
        return parse_fhir_json(read_limited(stream, limit), limit)


class PlainJsonAsFhirParser(FhirJsonParser):
    """Hospitals often send `application/json`; FHIR allows it, with the same rules."""

    media_type = "application/json"


class FhirJsonRenderer(BaseRenderer):
    media_type = FHIR_JSON
    format = "fhir"
    charset = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data)
