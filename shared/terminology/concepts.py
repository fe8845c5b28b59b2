"""Looking a code up in one language, and deciding whether two codings mean the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .crosswalk import linked
from .languages import fallback_chain, normalise_language
from .tables import code_key, entry_for


@dataclass(frozen=True)
class Translation:
    text: str
    language: str  # the language ``text`` is in; differs from the request when fallback_used
    source: str
    reviewed: bool
    fallback_used: bool


def lookup(system: str, code: str, language: str) -> Translation | None:
    """The table's text for a code in ``language`` (or its fallback), None when unknown.

    ``language`` is any accepted tag (``zh-TW``, ``ZH-hant``...); an unsupported one raises
    ``UnknownLanguageError``.
    """
    wanted = normalise_language(language)
    entry = entry_for(system, code)
    if entry is None:
        return None
    for candidate in (wanted, *fallback_chain(wanted)):
        text = entry.display.get(candidate)
        if text is not None:
            return Translation(
                text=text,
                language=candidate,
                source=str(entry.source[candidate]),
                reviewed=bool(entry.reviewed[candidate]),
                fallback_used=candidate != wanted,
            )
    return None


def same_concept(coding_a: Mapping[str, Any], coding_b: Mapping[str, Any]) -> bool:
    """Same system and code once normalised, or linked by a crosswalk we ship."""
    a, b = _key(coding_a), _key(coding_b)
    if a is None or b is None:
        return False
    return a == b or linked(a, b)


def _key(coding: Mapping[str, Any]) -> tuple[str, str] | None:
    system, code = coding.get("system"), coding.get("code")
    if not isinstance(system, str) or not isinstance(code, str) or not code.strip():
        return None
    return code_key(system, code)
