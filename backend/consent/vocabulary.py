"""The words a grant's data scope is written in: IPS section keys and document kinds.

Read from shared/fhir's document_kinds.json, the same table the index files entries by, so a
grant can name exactly what IndexEntry.section and IndexEntry.kind hold.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# Kinds the index gives documents outside the LOINC table (records.services.resources).
_OTHER_KINDS = {"document": "Document", "record-set": "Set of records"}


@cache
def _table() -> dict[str, Any]:
    text = resources.files("shared.fhir").joinpath("data/document_kinds.json").read_text("utf-8")
    return dict(json.loads(text))


def section_loinc() -> dict[str, str]:
    """Section key → its LOINC code (the FHIR Consent export names sections by code)."""
    return {key: code for code, key in _table()["sections"].items()}


def known_sections() -> set[str]:
    return set(_table()["sections"].values())


def kind_loinc() -> dict[str, str]:
    return {entry["kind"]: code for code, entry in _table()["document_kinds"].items()}


def known_kinds() -> set[str]:
    return set(kind_loinc()) | set(_OTHER_KINDS)
