"""Terminology tables: coded values shown in the reader's language, beside the original.

Pure Python (never Django or Kivy). The tables are JSON in ``data/``, one per code system;
every text names its source and whether it was reviewed (see SOURCES.md). Codes from
different systems are merged only through a crosswalk shipped in ``data/crosswalk_*.json``.

    lookup(system, code, language)   -> Translation | None
    display_for(coding, language)    -> DisplayText (original + translation + label)
    same_concept(coding_a, coding_b) -> bool
"""

from .concepts import Translation, lookup, same_concept
from .display import DisplayText, display_for
from .languages import LANGUAGES, UnknownLanguageError, normalise_language
from .systems import normalise_system

__all__ = [
    "LANGUAGES",
    "DisplayText",
    "Translation",
    "UnknownLanguageError",
    "display_for",
    "lookup",
    "normalise_language",
    "normalise_system",
    "same_concept",
]
