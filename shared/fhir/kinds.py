"""Document kinds and IPS sections, looked up from ``data/document_kinds.json``.

Kept as data so a new Korean HIE document or IPS section needs no code change. Lookups take
the LOINC code only when its system is LOINC (a bare code from another system means something
else).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LOINC = "http://loinc.org"


@dataclass(frozen=True)
class DocumentKind:
    key: str
    loinc: str
    names: dict[str, str]  # language code -> display name

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names["en"]


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data/document_kinds.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def document_kind(loinc_code: str) -> DocumentKind | None:
    entry = _data()["document_kinds"].get(loinc_code)
    if entry is None:
        return None
    names = {lang: text for lang, text in entry.items() if lang != "kind"}
    return DocumentKind(entry["kind"], loinc_code, names)


def composition_kind(composition: dict[str, Any]) -> DocumentKind | None:
    """The kind of a Composition from its LOINC ``type``, or None when not recognised."""
    for code in _loinc_codes(composition.get("type")):
        kind = document_kind(code)
        if kind is not None:
            return kind
    return None


def section_key(section: dict[str, Any]) -> str | None:
    """The IPS section key of a Composition.section from its LOINC ``code``."""
    sections: dict[str, str] = _data()["sections"]
    return next((sections[c] for c in _loinc_codes(section.get("code")) if c in sections), None)


def section_for_resource(resource: dict[str, Any]) -> str | None:
    """Fallback section for a resource not placed in a section (collections, transactions)."""
    resource_type = str(resource.get("resourceType"))
    if resource_type == "Observation":
        categories: dict[str, str] = _data()["observation_categories"]
        for code in _category_codes(resource):
            if code in categories:
                return categories[code]
        return "results"
    by_type: dict[str, str] = _data()["resource_sections"]
    return by_type.get(resource_type)


def _loinc_codes(concept: Any) -> list[str]:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    if not isinstance(codings, list):
        return []
    return [
        str(c["code"])
        for c in codings
        if isinstance(c, dict) and c.get("system") == LOINC and isinstance(c.get("code"), str)
    ]


def _category_codes(resource: dict[str, Any]) -> list[str]:
    categories = resource.get("category")
    if not isinstance(categories, list):
        return []
    return [
        str(coding.get("code"))
        for category in categories
        if isinstance(category, dict) and isinstance(category.get("coding"), list)
        for coding in category["coding"]
        if isinstance(coding, dict)
    ]
