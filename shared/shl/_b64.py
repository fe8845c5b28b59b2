"""Strict base64url without padding (RFC 4648 §5, as used by JOSE and `shlink:/`)."""

from __future__ import annotations

import base64
import re

_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode, raising ValueError on any character outside the alphabet.

    The standard library silently drops unknown characters, which would let a mangled key or
    token decode to something plausible instead of failing loudly.
    """
    if not _ALPHABET.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
