"""The text shown for a coded value: the sender's words, with our translation beside them.

The original is never replaced (the record is the patient's, as the hospital wrote it). A
translation we have not had reviewed says so, in the reader's language; a code we do not
know is shown as sent, labelled "not translated".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .concepts import Translation, lookup
from .languages import NOT_TRANSLATED_LABEL, UNREVIEWED_LABEL, normalise_language


@dataclass(frozen=True)
class DisplayText:
    original: str  # the sender's text (coding.display, else concept text, else the code)
    language: str  # the language asked for
    translation: str | None  # None when unknown, or when it would repeat the original
    translation_language: str | None
    source: str | None
    reviewed: bool | None
    fallback_used: bool
    labels: tuple[str, ...]  # localised "unreviewed translation" / "not translated"

    @property
    def label(self) -> str | None:
        return " · ".join(self.labels) or None

    def as_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "language": self.language,
            "translation": self.translation,
            "translation_language": self.translation_language,
            "source": self.source,
            "reviewed": self.reviewed,
            "fallback_used": self.fallback_used,
            "label": self.label,
        }


def display_for(
    coding: Mapping[str, Any], language: str, concept_text: str | None = None
) -> DisplayText:
    """Translation beside the original for a Coding, or for a CodeableConcept's codings.

    For a CodeableConcept the first coding we know wins, and its ``text`` is the original.
    """
    wanted = normalise_language(language)
    codings = _codings(coding)
    text = concept_text or _text(coding.get("text"))
    found: Translation | None = None
    for item in codings:
        system, code = item.get("system"), item.get("code")
        if isinstance(system, str) and isinstance(code, str):
            found = lookup(system, code, wanted)
            if found is not None:
                original = _original(item, text)
                break
    else:
        original = _original(codings[0] if codings else {}, text)
    if found is None:
        return _untranslated(original, wanted)
    return _translated(original, wanted, found)


def _translated(original: str, wanted: str, found: Translation) -> DisplayText:
    repeats = found.text.strip().casefold() == original.strip().casefold()
    labels: list[str] = []
    if found.fallback_used:
        labels.append(NOT_TRANSLATED_LABEL[wanted])
    if not found.reviewed and not repeats:
        labels.append(UNREVIEWED_LABEL[wanted])
    return DisplayText(
        original=original,
        language=wanted,
        translation=None if repeats else found.text,
        translation_language=found.language,
        source=found.source,
        reviewed=found.reviewed,
        fallback_used=found.fallback_used,
        labels=tuple(labels),
    )


def _untranslated(original: str, wanted: str) -> DisplayText:
    return DisplayText(
        original=original,
        language=wanted,
        translation=None,
        translation_language=None,
        source=None,
        reviewed=None,
        fallback_used=False,
        labels=(NOT_TRANSLATED_LABEL[wanted],),
    )


def _codings(value: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    listed = value.get("coding")
    if isinstance(listed, list):
        return [item for item in listed if isinstance(item, Mapping)]
    return [value]


def _original(coding: Mapping[str, Any], concept_text: str | None) -> str:
    for candidate in (coding.get("display"), concept_text, coding.get("code")):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return ""


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
