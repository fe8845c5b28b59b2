"""The shipped tables: valid, honest about their sources, and in all six languages."""

import pytest

from shared.terminology.crosswalk import crosswalk_paths, crosswalk_problems
from shared.terminology.languages import LANGUAGES
from shared.terminology.schema import allowed_sources, entry_problems, table_problems
from shared.terminology.tables import read_json, table_paths

TEAM = "PocketChart team translation"
SNOMED = "http://snomed.info/sct"


def _valid_entry():
    return {
        "system": SNOMED,
        "code": "1",
        "display": {lang: "x" for lang in LANGUAGES},
        "source": {lang: TEAM for lang in LANGUAGES},
        "reviewed": {lang: False for lang in LANGUAGES},
    }


@pytest.mark.parametrize("path", table_paths(), ids=lambda p: p.name)
def test_every_table_validates_against_the_entry_schema(path):
    assert table_problems(read_json(path), allowed_sources()) == []


@pytest.mark.parametrize("path", crosswalk_paths(), ids=lambda p: p.name)
def test_every_crosswalk_validates(path):
    assert crosswalk_problems(read_json(path), allowed_sources()) == []


def test_no_data_file_claims_a_source_missing_from_sources_md():
    allowed = allowed_sources()
    assert TEAM in allowed
    claimed = set()
    for path in table_paths():
        for entry in read_json(path)["entries"].values():
            claimed |= {s for s in entry["source"].values() if s is not None}
    for path in crosswalk_paths():
        claimed |= {m["source"] for m in read_json(path)["mappings"]}
    assert claimed <= allowed, claimed - allowed


def test_the_tables_hold_a_few_hundred_codes_in_all_six_languages():
    complete = sum(
        all(entry["display"][lang] for lang in LANGUAGES)
        for path in table_paths()
        for entry in read_json(path)["entries"].values()
    )
    assert complete >= 300


def test_team_translations_are_not_marked_reviewed():
    # Nobody qualified has reviewed them yet; flipping one needs a named reviewer.
    for path in table_paths():
        for entry in read_json(path)["entries"].values():
            for lang in LANGUAGES:
                if entry["source"][lang] == TEAM:
                    assert entry["reviewed"][lang] is False, (path.name, entry["code"], lang)


def test_a_language_may_be_explicitly_absent():
    entry = _valid_entry()
    entry["display"]["th"] = entry["source"]["th"] = entry["reviewed"]["th"] = None
    assert entry_problems(SNOMED, "1", entry) == []


def test_a_silently_missing_language_is_rejected():
    entry = _valid_entry()
    del entry["display"]["th"]
    assert any("th: missing" in p for p in entry_problems(SNOMED, "1", entry))


def test_a_display_without_source_is_rejected():
    entry = _valid_entry()
    entry["source"]["ja"] = None
    assert any("ja: source missing" in p for p in entry_problems(SNOMED, "1", entry))


def test_reviewed_must_be_a_bool():
    entry = _valid_entry()
    entry["reviewed"]["ko"] = "yes"
    assert any("ko: reviewed" in p for p in entry_problems(SNOMED, "1", entry))


def test_an_unlisted_source_is_rejected():
    entry = _valid_entry()
    entry["source"]["en"] = "Some website"
    problems = entry_problems(SNOMED, "1", entry, allowed_sources())
    assert any("not listed in SOURCES.md" in p for p in problems)


def test_an_entry_filed_under_the_wrong_code_is_rejected():
    assert "entry code differs from its key" in entry_problems(SNOMED, "2", _valid_entry())
