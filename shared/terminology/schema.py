"""The shape every terminology table entry must have, checked when a table is loaded.

A table is ``{"system": URI, "name": ..., "entries": {code: entry}}``; an entry carries, for
each of the six languages, a display, the source it came from and whether it was reviewed.
A language may be explicitly absent (all three null) but never silently missing: a reader
of the file can then tell "not done yet" from "forgotten".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .languages import LANGUAGES

SOURCES_FILE = Path(__file__).with_name("SOURCES.md")
# In SOURCES.md, the allowed strings are the backticked items of bullets under this heading.
_ALLOWED_HEADING = "## Allowed source strings"
_BULLET = re.compile(r"^- `([^`]+)`")


class TableError(ValueError):
    """A data file that breaks the entry schema; loading stops rather than show bad text."""


@lru_cache(maxsize=1)
def allowed_sources() -> frozenset[str]:
    """The source strings SOURCES.md names; a table may claim no other."""
    found: set[str] = set()
    inside = False
    for line in SOURCES_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == _ALLOWED_HEADING
        elif inside and (match := _BULLET.match(line)):
            found.add(match.group(1))
    return frozenset(found)


def table_problems(document: Any, sources: Iterable[str] | None = None) -> list[str]:
    """Every schema problem in one table document; empty when it is valid."""
    if not isinstance(document, dict):
        return ["table is not a JSON object"]
    system, entries = document.get("system"), document.get("entries")
    if not isinstance(system, str) or not system:
        return ["table has no system"]
    if not isinstance(entries, dict):
        return ["table has no entries object"]
    allowed = frozenset(sources) if sources is not None else None
    problems: list[str] = []
    for code, entry in entries.items():
        problems += [f"{code}: {p}" for p in entry_problems(system, code, entry, allowed)]
    return problems


def entry_problems(
    system: str, code: str, entry: Any, allowed: frozenset[str] | None = None
) -> list[str]:
    if not isinstance(entry, dict):
        return ["entry is not an object"]
    problems: list[str] = []
    if entry.get("system") != system:
        problems.append("entry system differs from the table's")
    if entry.get("code") != code:
        problems.append("entry code differs from its key")
    display, source, reviewed = (entry.get(key) for key in ("display", "source", "reviewed"))
    if not (isinstance(display, dict) and isinstance(source, dict) and isinstance(reviewed, dict)):
        return [*problems, "display, source and reviewed must be objects"]
    for key in set(display) | set(source) | set(reviewed):
        if key not in LANGUAGES:
            problems.append(f"unknown language {key!r}")
    if not any(isinstance(display.get(lang), str) for lang in LANGUAGES):
        problems.append("no language has a display")
    for lang in LANGUAGES:
        problems += _language_problems(lang, display, source, reviewed, allowed)
    return problems


def _language_problems(
    lang: str,
    display: dict[str, Any],
    source: dict[str, Any],
    reviewed: dict[str, Any],
    allowed: frozenset[str] | None,
) -> list[str]:
    if lang not in display or lang not in source or lang not in reviewed:
        return [f"{lang}: missing (write null for an explicitly absent language)"]
    text, origin, checked = display[lang], source[lang], reviewed[lang]
    if text is None:
        ok = origin is None and checked is None
        return [] if ok else [f"{lang}: absent display but source or reviewed set"]
    problems = []
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{lang}: display must be a non-empty string")
    if not isinstance(origin, str) or not origin.strip():
        problems.append(f"{lang}: source missing")
    elif allowed is not None and origin not in allowed:
        problems.append(f"{lang}: source {origin!r} is not listed in SOURCES.md")
    if not isinstance(checked, bool):
        problems.append(f"{lang}: reviewed must be true or false")
    return problems
