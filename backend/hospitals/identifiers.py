"""Keyed lookup hashes for hospitals' patient identifiers and link codes."""

from __future__ import annotations

from common.crypto.blind import blind_index
from common.crypto.envelope import server_subkey


def identifier_lookup_hash(system: str, value: str) -> str:
    # system|value, as FHIR token search matches them; the organization scopes the hash's use.
    return blind_index(server_subkey("link-identifier"), f"{system}|{value}")


def link_code_hash(code: str) -> str:
    return blind_index(server_subkey("link-code"), code)
