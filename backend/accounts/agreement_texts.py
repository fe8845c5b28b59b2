"""The legal agreements' texts, kept as data (data/agreements.json), versioned.

A new text is a new version in the file; `current` says which one people agree to now. Old
versions stay in the file because rows name the version a person actually read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "agreements.json"


@dataclass(frozen=True)
class AgreementText:
    kind: str
    version: str
    language: str
    required: bool
    title: str
    text: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def languages() -> list[str]:
    return list(_data()["languages"])


def kinds() -> list[str]:
    return list(_data()["kinds"])


def required_kinds() -> list[str]:
    return [kind for kind, spec in _data()["kinds"].items() if spec["required"]]


def current_version(kind: str) -> str:
    return str(_data()["kinds"][kind]["current"])


def has_version(kind: str, version: str) -> bool:
    return version in _data()["kinds"].get(kind, {}).get("versions", {})


def language_for(requested: str) -> str:
    """The text language closest to a requested one (`zh-hans` → `zh-Hans`, `ko-KR` → `ko`)."""
    by_lower = {lang.lower(): lang for lang in languages()}
    wanted = requested.strip().lower().replace("_", "-")
    while wanted:
        if wanted in by_lower:
            return by_lower[wanted]
        wanted = wanted.rpartition("-")[0]
    return str(_data()["fallback"])


def text(kind: str, *, language: str, version: str | None = None) -> AgreementText:
    spec = _data()["kinds"][kind]
    version = version or str(spec["current"])
    lang = language_for(language)
    entry = spec["versions"][version][lang]
    return AgreementText(
        kind=kind,
        version=version,
        language=lang,
        required=bool(spec["required"]),
        title=str(entry["title"]),
        text=str(entry["text"]),
    )
