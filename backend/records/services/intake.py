"""From request bytes to a validated Bundle, or a refusal (400, 413, 415, 422).

Nothing here writes: a refusal raised from this module leaves no trace but its audit event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.conf import settings

from common.exceptions import (
    DomainError,
    PayloadTooLarge,
    Unprocessable,
    UnsupportedMediaType,
    ValidationFailed,
)
from common.fhir_http import FHIR_JSON, parse_fhir_json, read_limited
from shared.fhir import ValidationResult, validate_bundle

logger = logging.getLogger("pocketchart.records")

ACCEPTED_MEDIA_TYPES = frozenset({FHIR_JSON, "application/json"})


@dataclass(frozen=True)
class Intake:
    raw: bytes
    bundle: dict[str, Any]
    validation: ValidationResult


def check_content_type(content_type: str) -> None:
    """FHIR JSON in UTF-8 only: `application/fhir+json` or `application/json`."""
    media, _, params = (content_type or "").partition(";")
    if media.strip().lower() not in ACCEPTED_MEDIA_TYPES:
        raise UnsupportedMediaType(
            "Send the Bundle as application/fhir+json (or application/json)."
        )
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() != "utf-8":
            raise UnsupportedMediaType("FHIR JSON is UTF-8: send charset=utf-8 or no charset.")


def read_body(stream: BinaryIO, content_length: int | None) -> bytes:
    """The body, read by our own limit: Django's in-memory cap never sees it."""
    limit = settings.FHIR_MAX_BODY_BYTES
    if content_length is not None and content_length > limit:
        # Refused before reading a byte; the connection is closed rather than drained.
        raise PayloadTooLarge(f"The body is larger than the limit of {limit:,} bytes.")
    return read_limited(stream, limit)


def bundle_intake(*, content_type: str, stream: BinaryIO, content_length: int | None) -> Intake:
    check_content_type(content_type)
    raw = read_body(stream, content_length)
    data = _parse(raw)
    validation = _validate(data)
    if not validation.ok:
        raise Unprocessable(
            "The Bundle was refused; see the issues.",
            code="invalid_bundle",
            extra={"issues": validation.outcome()["issue"]},
        )
    return Intake(raw=raw, bundle=data, validation=validation)


def _parse(raw: bytes) -> Any:
    try:
        return parse_fhir_json(raw, settings.FHIR_MAX_BODY_BYTES)
    except DomainError:
        raise
    except Exception:
        # Whatever a parser raises on hostile bytes is the sender's 400, never our 500.
        logger.warning("FHIR body parser failed unexpectedly", exc_info=True)
        raise ValidationFailed("The body is not valid JSON.", code="parse_error") from None


def _validate(data: Any) -> ValidationResult:
    try:
        return validate_bundle(data)
    except Exception:
        logger.exception("Bundle validation failed unexpectedly")
        raise Unprocessable(
            "The Bundle could not be validated; nothing was stored.", code="invalid_bundle"
        ) from None
