import time

import pytest

from shared.terminology import LANGUAGES, UnknownLanguageError, lookup, normalise_language

SNOMED = "http://snomed.info/sct"
KCD8 = "http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8"
EXPECTED = {
    "ko": "고혈압성 질환",
    "en": "Hypertensive disorder",
    "ja": "高血圧症",
    "zh-Hans": "高血压",
    "zh-Hant": "高血壓",
    "th": "โรคความดันโลหิตสูง",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_known_code_is_found_in_every_language(language):
    found = lookup(SNOMED, "38341003", language)
    assert found is not None
    assert found.text == EXPECTED[language]
    assert found.language == language
    assert found.fallback_used is False
    assert found.source
    assert isinstance(found.reviewed, bool)


def test_team_translations_come_back_unreviewed():
    found = lookup(SNOMED, "38341003", "ja")
    assert found is not None
    assert (found.source, found.reviewed) == ("PocketChart team translation", False)


def test_english_copied_from_the_fixtures_names_them_as_source():
    found = lookup(SNOMED, "38341003", "en")
    assert found is not None
    assert found.reviewed is True
    assert "FHIR examples" in found.source


def test_an_unknown_code_is_none():
    assert lookup(SNOMED, "999999999999", "ko") is None
    assert lookup("http://example.org/local", "38341003", "ko") is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ko", "ko"),
        ("KO-kr", "ko"),
        ("en-US", "en"),
        ("zh-hans", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh_Hans_CN", "zh-Hans"),
        ("zh-hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("TH", "th"),
        ("ja-JP", "ja"),
    ],
)
def test_language_tags_are_accepted_case_insensitively(tag, expected):
    assert normalise_language(tag) == expected


def test_an_unsupported_language_is_refused_not_guessed():
    with pytest.raises(UnknownLanguageError):
        lookup(SNOMED, "38341003", "fr")


def test_the_same_code_is_found_through_an_oid_alias():
    found = lookup("urn:oid:2.16.840.1.113883.6.96", "38341003", "ko")
    assert found is not None and found.text == EXPECTED["ko"]


def test_kcd_codes_are_found_with_or_without_the_dot():
    with_dot = lookup(KCD8, "E11.9", "en")
    without = lookup(KCD8, "e119", "en")
    assert with_dot is not None and with_dot == without


def test_a_missing_language_falls_back_and_says_so(small_tables):
    chinese = lookup("http://www.whocc.no/atc", "A10BA02", "zh-Hant")
    thai = lookup("http://www.whocc.no/atc", "A10BA02", "th")
    assert chinese is not None and (chinese.text, chinese.language) == ("二甲双胍", "zh-Hans")
    assert chinese.fallback_used
    assert thai is not None and (thai.text, thai.language, thai.fallback_used) == (
        "metformin",
        "en",
        True,
    )


def test_lookups_are_fast_enough_to_run_per_row():
    lookup(SNOMED, "38341003", "ko")  # load the tables once
    started = time.perf_counter()
    for _ in range(20_000):
        lookup(SNOMED, "38341003", "zh-TW")
    assert time.perf_counter() - started < 2.0
