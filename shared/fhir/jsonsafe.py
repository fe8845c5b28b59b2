"""Hostile-input-safe JSON loading for bodies pushed by outside systems.

The standard library parser is correct but trusting: it accepts duplicate keys (the last one
silently wins, so two systems can read different documents from the same bytes), NaN and
Infinity (not JSON), integers so long that Python refuses them with a bare ``ValueError``, and
it recurses once per nesting level, so a body of 10,000 ``[`` raises ``RecursionError``.
``load_json`` closes each of those doors and raises one typed error, ``JsonInputError``, whose
message never contains the input (the input is health data).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_STRING = 1024 * 1024  # the FHIR validator's own limit for one value (1 MB)
DEFAULT_MAX_NUMBER_DIGITS = 64
_BOM = b"\xef\xbb\xbf"
# An "unrolled loop" string pattern: fast, linear, and it cannot fail once it has seen an
# opening quote (an unterminated string runs to the end), so the engine never retries.
_STRING = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*(?:"|\Z)')
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass
class JsonInputError(ValueError):
    """Why a body was refused. ``code`` is a FHIR IssueType code; ``location`` never holds data."""

    code: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        return f"{self.message} ({self.location})" if self.location else self.message


def load_json(
    body: bytes,
    *,
    max_bytes: int,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_string: int = DEFAULT_MAX_STRING,
    max_number_digits: int = DEFAULT_MAX_NUMBER_DIGITS,
) -> Any:
    """Parse ``body`` as strict JSON (RFC 8259) or raise ``JsonInputError``."""
    if len(body) > max_bytes:
        raise JsonInputError("too-long", f"The body is larger than {max_bytes} bytes.")
    text = _decode(body)
    _check_strings_and_depth(text, max_string, max_depth)
    try:
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_int=lambda literal: _parse_int(literal, max_number_digits),
            parse_float=lambda literal: _parse_float(literal, max_number_digits),
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as exc:
        # exc.msg is the parser's fixed wording ("Expecting ',' delimiter"); exc.doc is the input
        # and is deliberately left out.
        where = f"line {exc.lineno}, column {exc.colno}"
        raise JsonInputError("structure", f"Invalid JSON: {exc.msg}.", where) from None


def _decode(body: bytes) -> str:
    if body.startswith(_BOM):
        raise JsonInputError(
            "structure", "The body starts with a byte order mark (BOM); send UTF-8 without it."
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
        raise JsonInputError("structure", "The body is not valid UTF-8.", where) from None


def _check_strings_and_depth(text: str, max_string: int, max_depth: int) -> None:
    """Check string lengths and bracket nesting before the recursive parser sees the text.

    Regex passes find the strings (their lengths) and remove them (brackets inside strings do
    not count); the depth is then a running sum over the remaining brackets. No recursion, and
    no Python-level loop per character.
    """
    longest = max(map(len, _STRING.findall(text)), default=0)
    if longest - 2 > max_string:
        raise JsonInputError("too-long", f"A string is longer than {max_string} characters.")
    brackets = _BRACKET.findall(_STRING.sub("", text))
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > max_depth:
        raise JsonInputError("structure", f"JSON nests deeper than {max_depth} levels.")


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # The key is not echoed: a hostile or broken sender can put data in key position.
            raise JsonInputError("structure", "An object has the same key twice.")
        result[key] = value
    return result


def _parse_int(literal: str, max_digits: int) -> int:
    # Checked before int(): Python refuses >4,300 digits with a bare ValueError, and converting
    # long literals is quadratic.
    if len(literal.lstrip("-")) > max_digits:
        raise JsonInputError("too-long", f"A number has more than {max_digits} digits.")
    return int(literal)


def _parse_float(literal: str, max_digits: int) -> float:
    if len(literal) > max_digits + 8:  # room for sign, point and exponent
        raise JsonInputError("too-long", f"A number has more than {max_digits} digits.")
    value = float(literal)
    if math.isinf(value):
        raise JsonInputError("value", "A number is too large to represent.")
    return value


def _refuse_constant(name: str) -> Any:
    raise JsonInputError("structure", "NaN and Infinity are not JSON numbers.")
