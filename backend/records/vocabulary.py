"""What the reading API filters on and the fixed texts it shows, in six languages.

Section and document-kind keys come from shared/fhir's data file (the same one ingestion
files entries by), so a new section or kind there is filterable here without a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from shared.terminology import UnknownLanguageError, normalise_language

LABELS_FILE = Path(__file__).with_name("data") / "reading_labels.json"
# Kinds ingestion gives Bundles that are not a known document (records.services.resources).
GENERIC_KINDS = frozenset({"document", "record-set"})


@dataclass(frozen=True)
class SummarySection:
    key: str
    loinc: str
    required: bool  # IPS 2.0: problems, allergies, medications


# The merged summary's sections, in the order IPS lists them.
SUMMARY_SECTIONS: tuple[SummarySection, ...] = (
    SummarySection("problems", "11450-4", True),
    SummarySection("allergies", "48765-2", True),
    SummarySection("medications", "10160-0", True),
    SummarySection("immunizations", "11369-6", False),
    SummarySection("results", "30954-2", False),
    SummarySection("procedures", "47519-4", False),
    SummarySection("devices", "46264-8", False),
    SummarySection("vital-signs", "8716-3", False),
    SummarySection("plan-of-care", "18776-5", False),
)
SUMMARY_KEYS = tuple(section.key for section in SUMMARY_SECTIONS)


@cache
def _fhir_data() -> dict[str, Any]:
    text = resources.files("shared.fhir").joinpath("data/document_kinds.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def section_keys() -> frozenset[str]:
    return frozenset(_fhir_data()["sections"].values())


@cache
def kind_keys() -> frozenset[str]:
    return frozenset(k["kind"] for k in _fhir_data()["document_kinds"].values()) | GENERIC_KINDS


@cache
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, Any] = json.loads(LABELS_FILE.read_text("utf-8"))
    return {group: texts for group, texts in data.items() if not group.startswith("_")}


def label(group: str, key: str, language: str) -> str:
    """A fixed text; a status we have no name for is shown as its code."""
    texts = _labels()[group].get(key)
    return texts[language] if texts else key


def label_keys(group: str) -> frozenset[str]:
    return frozenset(_labels()[group])


def reading_language(requested: str | None, preferred: str) -> str:
    """`?lang=` when given (an unknown tag raises UnknownLanguageError, answered 400), else
    the patient's preferred language, else English: a stored preference from an older
    version of the app must not make their record unreadable."""
    if requested:
        return normalise_language(requested)
    try:
        return normalise_language(preferred)
    except UnknownLanguageError:
        return "en"
