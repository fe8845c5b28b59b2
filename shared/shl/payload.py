"""The SMART Health Link payload and its `shlink:/` URI form (SHL spec, "Construct a Payload")."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from shared.shl._b64 import b64url_decode, b64url_encode
from shared.shl.errors import InvalidLink, UnsupportedVersion

SCHEME = "shlink:/"
KNOWN_FLAGS = frozenset("LPU")
MAX_URL_LENGTH = 128
MAX_LABEL_LENGTH = 80
SUPPORTED_VERSION = 1
KEY_LENGTH = 43
# A real payload is a few hundred characters; refusing huge input keeps a hostile QR or
# pasted text from costing us a large base64 and JSON decode.
MAX_LINK_LENGTH = 8192
# Epoch seconds pass 10**11 only in the year 5138, so a bigger `exp` is milliseconds. The
# spec's own shl-payload-1.json example writes exp as milliseconds (and as a string).
_MILLISECONDS_THRESHOLD = 10**11


@dataclass(frozen=True)
class ShlPayload:
    """A validated payload. `flag` is normalised to unique letters in alphabetical order."""

    url: str
    key: str = field(repr=False)  # keep the decryption key out of logs and tracebacks
    exp: int | None = None
    flag: str = ""
    label: str | None = None
    v: int = 1

    def __post_init__(self) -> None:
        _check_version(self.v)
        _check_url(self.url)
        _check_key(self.key)
        _check_exp(self.exp)
        _check_label(self.label)
        object.__setattr__(self, "flag", _normalise_flag(self.flag))

    @property
    def needs_passcode(self) -> bool:
        return "P" in self.flag

    @property
    def is_direct_file(self) -> bool:
        return "U" in self.flag

    @property
    def expires_at(self) -> datetime | None:
        return None if self.exp is None else datetime.fromtimestamp(self.exp, tz=UTC)

    def to_json(self) -> dict[str, Any]:
        """Properties in the spec example's order, so the spec vector encodes byte for byte."""
        optional = {"flag": self.flag or None, "key": self.key, "exp": self.exp}
        optional |= {"label": self.label, "v": self.v if self.v != 1 else None}
        return {"url": self.url} | {k: v for k, v in optional.items() if v is not None}

    def encode(self, viewer_url: str | None = None) -> str:
        minified = json.dumps(self.to_json(), separators=(",", ":"), ensure_ascii=False)
        link = SCHEME + b64url_encode(minified.encode("utf-8"))
        if viewer_url is None:
            return link
        return f"{viewer_url.removesuffix('#')}#{link}"


def decode(text: str) -> ShlPayload:
    """Parse a bare `shlink:/...` or any URL carrying `#shlink:/...`."""
    text = text.strip()
    if len(text) > MAX_LINK_LENGTH:
        raise InvalidLink(f"This text is too long to be a SMART Health Link ({len(text)} chars).")
    try:
        obj = json.loads(b64url_decode(_encoded_part(text)))
    except (ValueError, RecursionError):
        raise InvalidLink("This link is damaged: its payload is not base64url JSON.") from None
    if not isinstance(obj, dict):
        raise InvalidLink("This link is damaged: its payload is not a JSON object.")
    return from_json(obj)


def from_json(obj: dict[str, Any]) -> ShlPayload:
    """Build a payload from parsed JSON, ignoring unknown properties and flags (spec SHALL)."""
    _check_version(obj.get("v", 1))
    flag = obj.get("flag", "")
    if not isinstance(flag, str):
        raise InvalidLink("The link's 'flag' must be a string.")
    return ShlPayload(
        url=obj.get("url", ""),  # type-checked in __post_init__
        key=obj.get("key", ""),
        exp=_parse_exp(obj.get("exp")),
        flag="".join(letter for letter in flag if letter in KNOWN_FLAGS),
        label=obj.get("label"),
        v=obj.get("v", 1),
    )


def new_key() -> str:
    """A fresh 256-bit file key, base64url (43 characters)."""
    return b64url_encode(secrets.token_bytes(32))


def new_manifest_id() -> str:
    """A manifest path segment with 256 bits of entropy, as the spec requires."""
    return b64url_encode(secrets.token_bytes(32))


def _encoded_part(text: str) -> str:
    if text[: len(SCHEME)].lower() == SCHEME:
        return text[len(SCHEME) :]
    marker = text.lower().find("#" + SCHEME)
    if marker < 0:
        raise InvalidLink(
            "This is not a SMART Health Link: expected 'shlink:/…' or a link containing "
            "'#shlink:/…'."
        )
    return text[marker + 1 + len(SCHEME) :]


def _parse_exp(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidLink("The link's expiry 'exp' must be a number of epoch seconds.")
    seconds = int(value)
    return seconds // 1000 if seconds >= _MILLISECONDS_THRESHOLD else seconds


def _check_version(v: object) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise InvalidLink("The link's version 'v' must be a positive integer.")
    if v > SUPPORTED_VERSION:
        raise UnsupportedVersion(v)


def _check_url(url: object) -> None:
    if not isinstance(url, str) or not url:
        raise InvalidLink("The link has no manifest 'url'.")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidLink(
            f"The link's 'url' is {len(url)} characters; at most {MAX_URL_LENGTH} are allowed."
        )


def _check_key(key: object) -> None:
    message = f"The link's 'key' must be {KEY_LENGTH} base64url characters (32 bytes)."
    if not isinstance(key, str) or len(key) != KEY_LENGTH:
        raise InvalidLink(message)
    try:
        raw = b64url_decode(key)
    except ValueError:
        raise InvalidLink(message) from None
    # A non-canonical last character decodes to the same bytes; refusing it catches typos.
    if len(raw) != 32 or b64url_encode(raw) != key:
        raise InvalidLink(message)


def _check_exp(exp: object) -> None:
    if exp is not None and (isinstance(exp, bool) or not isinstance(exp, int) or exp < 0):
        raise InvalidLink("The link's expiry 'exp' must be a non-negative integer.")


def _check_label(label: object) -> None:
    if label is None:
        return
    if not isinstance(label, str):
        raise InvalidLink("The link's 'label' must be a string.")
    if len(label) > MAX_LABEL_LENGTH:
        raise InvalidLink(
            f"The link's label is {len(label)} characters; at most {MAX_LABEL_LENGTH} are allowed."
        )


def _normalise_flag(flag: object) -> str:
    if not isinstance(flag, str):
        raise InvalidLink("The link's 'flag' must be a string.")
    unknown = sorted(set(flag) - KNOWN_FLAGS)
    if unknown:
        raise InvalidLink(f"Unknown flag(s) {''.join(unknown)!r}; known flags are L, P and U.")
    letters = "".join(sorted(set(flag)))
    if "P" in letters and "U" in letters:
        raise InvalidLink("A link cannot combine the U (single file) and P (passcode) flags.")
    return letters
