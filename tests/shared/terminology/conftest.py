"""A tiny terminology data folder, so fallback and crosswalk behaviour can be pinned down
without depending on what the shipped tables happen to contain."""

import json
from pathlib import Path

import pytest

from shared.terminology import crosswalk, tables

KD = "http://www.hl7korea.or.kr/CodeSystem/kpis-kdcode"
ATC = "http://www.whocc.no/atc"
TEAM = "PocketChart team translation"


def _entry(system, code, display):
    present = {lang: text is not None for lang, text in display.items()}
    return {
        "system": system,
        "code": code,
        "display": display,
        "source": {lang: TEAM if ok else None for lang, ok in present.items()},
        "reviewed": {lang: False if ok else None for lang, ok in present.items()},
    }


@pytest.fixture
def small_tables(tmp_path: Path, monkeypatch):
    """ATC A10BA02 known in en/ko/zh-Hans only; KD 111 and 222 both map to it."""
    display = {
        "ko": "메트포르민",
        "en": "metformin",
        "ja": None,
        "zh-Hans": "二甲双胍",
        "zh-Hant": None,
        "th": None,
    }
    table = {"system": ATC, "name": "test", "entries": {"A10BA02": _entry(ATC, "A10BA02", display)}}
    walk = {
        "source_system": KD,
        "target_system": ATC,
        "mappings": [
            {"source_code": "111", "target_code": "A10BA02", "source": "test", "reviewed": False},
            {"source_code": "222", "target_code": "A10BA02", "source": "test", "reviewed": False},
        ],
    }
    (tmp_path / "atc.json").write_text(json.dumps(table), encoding="utf-8")
    (tmp_path / "crosswalk_kd_atc.json").write_text(json.dumps(walk), encoding="utf-8")
    monkeypatch.setattr(tables, "DATA_DIR", tmp_path)
    yield tmp_path
    tables._index.cache_clear()
    crosswalk.links.cache_clear()
