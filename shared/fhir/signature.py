"""Bundle.signature: what we can check without a trust store.

We hold no certificates for hospitals' signing keys, so a signature is never taken as proof of
origin (the SMART Backend Services token is). But a JWS that carries its payload lets us see
whether the Bundle was changed after signing: if the signed content differs from the Bundle,
the Bundle is refused as altered. Everything else about a signature is a warning.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from .canonical import canonical_json
from .jsonsafe import JsonInputError, load_json
from .outcome import Issue, error, warning

_UNSIGNED_KEYS = frozenset({"id", "meta", "signature"})  # outside the signed content (FHIR R4)
_MAX_PAYLOAD = 16 * 1024 * 1024


def check_signature(bundle: dict[str, Any]) -> list[Issue]:
    signature = bundle.get("signature")
    if not isinstance(signature, dict):
        return []
    payload = _attached_payload(signature.get("data"))
    if payload is None:
        message = "Bundle.signature is kept but not verified (no trust store for signers)."
        return [warning("informational", message, "Bundle.signature")]
    if canonical_json(_signed_part(payload)) != canonical_json(_signed_part(bundle)):
        message = "The signed content differs from the Bundle: it was changed after signing."
        return [error("security", message, "Bundle.signature")]
    message = "The signed content matches the Bundle; the signer itself is not verified."
    return [warning("informational", message, "Bundle.signature")]


def _attached_payload(data: Any) -> dict[str, Any] | None:
    """The JSON payload of a compact JWS with an attached payload, or None."""
    if not isinstance(data, str):
        return None
    try:
        parts = base64.b64decode(data, validate=False).split(b".")
        if len(parts) != 3 or not parts[1]:
            return None  # a detached JWS, or not a JWS at all
        raw = base64.urlsafe_b64decode(parts[1] + b"=" * (-len(parts[1]) % 4))
        payload = load_json(raw, max_bytes=_MAX_PAYLOAD)
    except (binascii.Error, ValueError, JsonInputError):
        return None
    return payload if isinstance(payload, dict) else None


def _signed_part(bundle: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in bundle.items() if key not in _UNSIGNED_KEYS}
