"""Crosswalks shipped as data: the only way codes from different systems are merged.

A crosswalk file links a source system's codes to a target system's, one mapping at a time,
each with the source it was taken from. Links are direct only, never chained: two Korean KD
products mapping to the same ATC substance are different products, not the same concept.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import tables
from .schema import TableError
from .tables import CROSSWALK_PREFIX, DATA_DIR, code_key, read_json

Key = tuple[str, str]


def crosswalk_problems(document: Any, sources: Iterable[str] | None = None) -> list[str]:
    """Every problem in one crosswalk document; empty when it is valid."""
    if not isinstance(document, dict):
        return ["crosswalk is not a JSON object"]
    systems = (document.get("source_system"), document.get("target_system"))
    if not all(isinstance(s, str) and s for s in systems):
        return ["crosswalk needs source_system and target_system"]
    mappings = document.get("mappings")
    if not isinstance(mappings, list):
        return ["crosswalk needs a mappings list (empty is allowed)"]
    allowed = frozenset(sources) if sources is not None else None
    problems: list[str] = []
    for number, mapping in enumerate(mappings):
        problems += [f"mapping {number}: {p}" for p in _mapping_problems(mapping, allowed)]
    return problems


def _mapping_problems(mapping: Any, allowed: frozenset[str] | None) -> list[str]:
    if not isinstance(mapping, dict):
        return ["not an object"]
    problems = [
        f"{key} must be a non-empty string"
        for key in ("source_code", "target_code", "source")
        if not isinstance(mapping.get(key), str) or not mapping[key].strip()
    ]
    if not isinstance(mapping.get("reviewed"), bool):
        problems.append("reviewed must be true or false")
    origin = mapping.get("source")
    if allowed is not None and isinstance(origin, str) and origin not in allowed:
        problems.append(f"source {origin!r} is not listed in SOURCES.md")
    return problems


def crosswalk_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob(f"{CROSSWALK_PREFIX}*.json"))


@lru_cache(maxsize=4)
def links(data_dir: Path = DATA_DIR) -> frozenset[tuple[Key, Key]]:
    """Every shipped link, stored in both directions so lookups need one set test."""
    found: set[tuple[Key, Key]] = set()
    for path in crosswalk_paths(data_dir):
        document = read_json(path)
        problems = crosswalk_problems(document)
        if problems:
            raise TableError(f"{path.name}: {problems[0]} ({len(problems)} problems)")
        for mapping in document["mappings"]:
            a = code_key(document["source_system"], mapping["source_code"])
            b = code_key(document["target_system"], mapping["target_code"])
            found |= {(a, b), (b, a)}
    return frozenset(found)


def linked(a: Key, b: Key) -> bool:
    # Read the folder from ``tables`` at call time so one setting moves tables and crosswalks.
    return (a, b) in links(tables.DATA_DIR)
