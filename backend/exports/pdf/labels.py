"""Fixed texts of the printable summary; the reading API's own labels are reused as well."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LABELS_FILE = Path(__file__).resolve().parents[1] / "data" / "pdf_labels.json"


@cache
def _labels() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(LABELS_FILE.read_text("utf-8"))
    return {key: texts for key, texts in data.items() if not key.startswith("_")}


def pdf_label(key: str, language: str, **values: object) -> str:
    return _labels()[key][language].format(**values)


def label_keys() -> frozenset[str]:
    return frozenset(_labels())
