import json
from pathlib import Path

import pytest

from shared.terminology.__main__ import DEFAULT_FIXTURES, main
from shared.terminology.coverage import measure
from shared.terminology.fixtures import collect
from shared.terminology.languages import LANGUAGES
from shared.terminology.tables import read_json, table_paths

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "terminology"
FROM_FIXTURES = "Coding display in public FHIR examples (HL7 IPS, IPS viewer, Synthea)"


def test_the_coverage_command_prints_per_language_counts(capsys):
    assert main(["coverage", "--fixtures", str(FIXTURES), "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "distinct codes in fixtures: 37" in out
    for lang in LANGUAGES:
        line = next(row for row in out.splitlines() if row.strip().startswith(f"{lang} "))
        covered = int(line.split()[1])
        assert 0 < covered <= 37
    assert "top 5 uncovered" in out


def test_the_copied_fixtures_codes_are_mostly_covered():
    coverage = measure(FIXTURES)
    assert coverage.covered["ko"] >= 20
    assert coverage.by_system["http://loinc.org"] == (6, 6)


def test_a_missing_fixtures_folder_is_an_error(tmp_path, capsys):
    assert main(["coverage", "--fixtures", str(tmp_path / "absent")]) == 2
    assert "no fixtures folder" in capsys.readouterr().err


def test_the_check_command_accepts_the_shipped_data(capsys):
    assert main(["check"]) == 0
    assert "valid" in capsys.readouterr().out


def test_collect_reads_ndjson_and_counts_files_it_cannot_read(tmp_path):
    condition = {
        "resourceType": "Condition",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "38341003"}]},
    }
    bp = {
        "resourceType": "Observation",
        "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
        "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]}}],
    }
    (tmp_path / "Condition.ndjson").write_text(json.dumps(condition) + "\n\n", encoding="utf-8")
    (tmp_path / "bp.json").write_text(json.dumps(bp), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    found = collect(tmp_path)
    assert set(found.counts) == {
        ("http://snomed.info/sct", "38341003"),
        ("http://loinc.org", "85354-9"),
        ("http://loinc.org", "8480-6"),
    }
    assert found.unreadable_files == 1


def test_codes_that_cannot_belong_to_their_system_are_set_apart(tmp_path):
    # Generated data sometimes labels OpenMRS concept ids as LOINC.
    observation = {
        "resourceType": "Observation",
        "code": {"coding": [{"system": "http://loinc.org", "code": "5089AAAAAAAAAAAA"}]},
    }
    (tmp_path / "o.json").write_text(json.dumps(observation), encoding="utf-8")
    found = collect(tmp_path)
    assert not found.counts and len(found.malformed) == 1


@pytest.mark.skipif(not DEFAULT_FIXTURES.is_dir(), reason="shared fixtures not present")
def test_english_said_to_come_from_the_fixtures_really_is_there():
    pairs = _coded_displays(DEFAULT_FIXTURES)
    for path in table_paths():
        for code, entry in read_json(path)["entries"].items():
            if entry["source"]["en"] == FROM_FIXTURES:
                assert (code, entry["display"]["en"]) in pairs, (path.name, code)


def _coded_displays(root: Path) -> set[tuple[str, str]]:
    """Every (code, display) pair of every coding anywhere in the fixtures."""
    pairs: set[tuple[str, str]] = set()
    for path in root.rglob("*.*json"):
        try:
            text = path.read_text(encoding="utf-8-sig")
            lines = text.splitlines() if path.suffix == ".ndjson" else [text]
            stack = [json.loads(line) for line in lines if line.strip()]
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("code"), str) and isinstance(node.get("display"), str):
                    pairs.add((node["code"], node["display"]))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return pairs
