"""Loading the terminology tables: once, lazily, validated, indexed by (system, code).

Lookups run once per row of an API response, so the index is built on first use and kept
(``lru_cache``); each lookup is then two dict reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .schema import TableError, table_problems
from .systems import ATC, ICD10, ICD10CM, KCD8, normalise_system

DATA_DIR = Path(__file__).with_name("data")
CROSSWALK_PREFIX = "crosswalk_"

# ICD-10 and KCD codes arrive with and without the dot (Korean claims data drops it:
# "E119" for E11.9); ATC is upper-case by definition but some senders lower-case it.
_DOTLESS_UPPER = frozenset({ICD10, ICD10CM, KCD8})


@dataclass(frozen=True)
class Entry:
    system: str
    code: str
    display: MappingProxyType[str, str | None]
    source: MappingProxyType[str, str | None]
    reviewed: MappingProxyType[str, bool | None]

    def has(self, language: str) -> bool:
        return self.display.get(language) is not None


@lru_cache(maxsize=8192)
def code_key(system: str, code: str) -> tuple[str, str]:
    """(canonical system, comparable code) for indexing and comparing codes."""
    canonical = normalise_system(system)
    value = code.strip()
    if canonical in _DOTLESS_UPPER:
        value = value.replace(".", "").upper()
    elif canonical == ATC:
        value = value.upper()
    return canonical, value


def entry_for(system: str, code: str) -> Entry | None:
    return _index(DATA_DIR).get(code_key(system, code))


def table_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.json") if not p.name.startswith(CROSSWALK_PREFIX))


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=4)
def _index(data_dir: Path) -> dict[tuple[str, str], Entry]:
    index: dict[tuple[str, str], Entry] = {}
    for path in table_paths(data_dir):
        document = read_json(path)
        problems = table_problems(document)
        if problems:
            raise TableError(f"{path.name}: {problems[0]} ({len(problems)} problems)")
        for code, raw in document["entries"].items():
            index[code_key(document["system"], code)] = _entry(raw)
    return index


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        system=normalise_system(raw["system"]),
        code=raw["code"],
        display=MappingProxyType(dict(raw["display"])),
        source=MappingProxyType(dict(raw["source"])),
        reviewed=MappingProxyType(dict(raw["reviewed"])),
    )


def all_entries(data_dir: Path = DATA_DIR) -> list[Entry]:
    return list(_index(data_dir).values())
