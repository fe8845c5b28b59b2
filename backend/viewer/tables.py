"""The viewer's terminology tables: one JSON file per display language, built from
shared/terminology (codes) and records' reading labels (section titles, statuses).

The browser translates codes from these files alone, so no code ever reaches the server.
Each file holds what shared.terminology.lookup would answer in that language, fallbacks
already resolved, so the JavaScript only has to find the code: it needs no fallback rules,
only the key normalisation (system aliases, dotless ICD/KCD), which is shipped as data too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from records.vocabulary import label, label_keys
from shared.terminology import LANGUAGES, lookup
from shared.terminology import systems as term_systems
from shared.terminology import tables as term_tables
from shared.terminology.languages import NOT_TRANSLATED_LABEL, UNREVIEWED_LABEL

TABLE_DIR = Path(__file__).with_name("static") / "viewer" / "terminology"
LABEL_GROUPS = ("sections", "labels", "statuses")


def _normalisation() -> dict[str, Any]:
    """The rules of shared.terminology.tables.code_key, as data for the browser."""
    return {
        # Private names, read on purpose: the browser must normalise exactly as Python does,
        # and copying the lists by hand would drift.
        "aliases": dict(sorted(term_systems._BY_KEY.items())),
        "snomedEditionPrefixes": list(term_systems._SNOMED_EDITION_PREFIXES),
        "snomed": term_systems.SNOMED,
        "dotlessUpper": sorted(term_tables._DOTLESS_UPPER),
        "upper": [term_systems.ATC],
    }


def _codes(language: str) -> dict[str, dict[str, list[Any]]]:
    """{system: {code: [text, reviewed 0/1, fallback language or ""]}}."""
    out: dict[str, dict[str, list[Any]]] = {}
    for entry in term_tables.all_entries():
        found = lookup(entry.system, entry.code, language)
        if found is None:
            continue
        system, code = term_tables.code_key(entry.system, entry.code)
        fallback = found.language if found.fallback_used else ""
        out.setdefault(system, {})[code] = [found.text, int(found.reviewed), fallback]
    return {system: dict(sorted(codes.items())) for system, codes in sorted(out.items())}


def table_for(language: str) -> dict[str, Any]:
    return {
        "language": language,
        "generatedFrom": "shared/terminology/data and backend/records/data/reading_labels.json "
        "by `manage.py build_viewer_terminology`; do not edit by hand",
        "labels": {
            "unreviewed": UNREVIEWED_LABEL[language],
            "notTranslated": NOT_TRANSLATED_LABEL[language],
        },
        "texts": {
            group: {key: label(group, key, language) for key in sorted(label_keys(group))}
            for group in LABEL_GROUPS
        },
        "normalise": _normalisation(),
        "codes": _codes(language),
    }


def rendered_tables() -> dict[str, bytes]:
    """File name → bytes, deterministic (a rebuild of unchanged data changes nothing) and
    compact: a phone on a hospital's guest Wi-Fi downloads one of them."""
    return {
        f"{language}.json": (
            json.dumps(
                table_for(language), ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            + "\n"
        ).encode("utf-8")
        for language in LANGUAGES
    }


def stale_tables(directory: Path = TABLE_DIR) -> list[str]:
    """Names of files that are missing, different, or no longer produced."""
    wanted = rendered_tables()
    stale = [n for n, body in wanted.items() if _read(directory / n) != body]
    stale += sorted(p.name for p in directory.glob("*.json") if p.name not in wanted)
    return sorted(stale)


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def write_tables(directory: Path = TABLE_DIR) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    wanted = rendered_tables()
    for name, body in wanted.items():
        (directory / name).write_bytes(body)
    for extra in directory.glob("*.json"):
        if extra.name not in wanted:
            extra.unlink()
    return sorted(wanted)
