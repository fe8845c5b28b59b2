"""RFC 8785 (JSON Canonicalization Scheme) bytes and the content hash of a Bundle.

The hash is what makes a re-push idempotent: a hospital that regenerates the same document gets
a new ``Bundle.timestamp`` and new ``meta.lastUpdated``/``versionId`` values, yet the clinical
content is unchanged, so those elements are left out before hashing. Key order and whitespace
never matter because JCS fixes both.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

# Elements that change when a sender regenerates an identical document.
_VOLATILE_BUNDLE_KEYS = frozenset({"timestamp", "meta"})


def canonical_json(value: Any) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of a JSON value."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts).encode("utf-8")


def bundle_content_hash(bundle: dict[str, Any]) -> str:
    """SHA-256 (hex) of the Bundle's canonical JSON without timestamp and any ``meta``."""
    stripped = {k: v for k, v in bundle.items() if k not in _VOLATILE_BUNDLE_KEYS}
    return hashlib.sha256(canonical_json(_without_meta(stripped))).hexdigest()


def _without_meta(value: Any) -> Any:
    """Drop every ``meta`` element of every resource (including contained and nested ones).

    ``meta`` sits only on resources in FHIR, so removing the key wherever an object has a
    ``resourceType`` is exact; other objects keep a key that happens to be named ``meta``.
    """
    if isinstance(value, dict):
        is_resource = "resourceType" in value
        return {
            key: _without_meta(item)
            for key, item in value.items()
            if not (is_resource and key == "meta")
        }
    if isinstance(value, list):
        return [_without_meta(item) for item in value]
    return value


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        # JCS sorts by UTF-16 code units, which differs from code point order above U+FFFF.
        for index, key in enumerate(sorted(value, key=_utf16_key)):
            if index:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int | float):
        return _number(value)
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _string(text: str) -> str:
    # json.dumps with ensure_ascii=False escapes exactly what JCS asks: quote, backslash and
    # control characters (as \b \f \n \r \t or \u00xx), nothing else.
    return json.dumps(text, ensure_ascii=False)


def _number(value: int | float) -> str:
    """ECMAScript Number-to-String, as JCS requires."""
    if isinstance(value, int):
        if abs(value) > 2**53:
            # ECMAScript would round it to a double; so do we, to agree with other JCS encoders.
            return _number(float(value))
        return str(value)
    if not math.isfinite(value):
        raise ValueError("NaN and Infinity have no JSON form")
    if value == 0:
        return "0"  # also turns -0 into 0
    return _es_float(value)


def _es_float(value: float) -> str:
    # repr() gives the shortest round-trip digits; only the layout differs from ECMAScript.
    mantissa, _, exp_text = repr(abs(value)).partition("e")
    digits = mantissa.replace(".", "").lstrip("0")
    point = mantissa.index(".") if "." in mantissa else len(mantissa)
    leading_zeros = len(mantissa.replace(".", "")) - len(digits)
    exponent = (int(exp_text) if exp_text else 0) + point - leading_zeros  # n in ES terms
    digits = digits.rstrip("0") or "0"
    sign = "-" if value < 0 else ""
    k = len(digits)
    if k <= exponent <= 21:
        return sign + digits + "0" * (exponent - k)
    if 0 < exponent <= 21:
        return sign + digits[:exponent] + "." + digits[exponent:]
    if -6 < exponent <= 0:
        return sign + "0." + "0" * -exponent + digits
    mark = "+" if exponent - 1 >= 0 else "-"
    fraction = "." + digits[1:] if k > 1 else ""
    return f"{sign}{digits[0]}{fraction}e{mark}{abs(exponent - 1)}"


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be")
