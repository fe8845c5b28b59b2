import pytest

from shared.terminology import LANGUAGES, display_for
from shared.terminology.languages import NOT_TRANSLATED_LABEL, UNREVIEWED_LABEL

SNOMED = "http://snomed.info/sct"
HYPERTENSION = {"system": SNOMED, "code": "38341003", "display": "Hypertensive disorder"}


def test_the_translation_is_shown_beside_the_original_and_labelled_unreviewed():
    shown = display_for(HYPERTENSION, "ko")
    assert shown.original == "Hypertensive disorder"
    assert shown.translation == "고혈압성 질환"
    assert shown.reviewed is False
    assert shown.label == "검토되지 않은 번역"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_own_labels(language):
    assert UNREVIEWED_LABEL[language] and NOT_TRANSLATED_LABEL[language]
    assert UNREVIEWED_LABEL[language] != NOT_TRANSLATED_LABEL[language]


@pytest.mark.parametrize("language", ["ja", "zh-Hans", "zh-Hant", "th"])
def test_unreviewed_translations_are_labelled_in_the_readers_language(language):
    assert display_for(HYPERTENSION, language).labels == (UNREVIEWED_LABEL[language],)


def test_a_translation_that_repeats_the_original_is_not_shown_twice():
    shown = display_for(HYPERTENSION, "en")
    assert (shown.original, shown.translation, shown.label) == ("Hypertensive disorder", None, None)


def test_the_senders_own_words_stay_the_original():
    shown = display_for({"system": SNOMED, "code": "38341003", "display": "HTN"}, "en")
    assert (shown.original, shown.translation) == ("HTN", "Hypertensive disorder")


def test_an_unknown_code_keeps_the_original_labelled_not_translated():
    coding = {"system": "http://example.org/local", "code": "X1", "display": "Sore knee"}
    shown = display_for(coding, "th")
    assert shown.original == "Sore knee"
    assert shown.translation is None
    assert shown.label == NOT_TRANSLATED_LABEL["th"]


def test_without_a_display_the_concept_text_is_the_original():
    coding = {"system": "http://example.org/local", "code": "X1"}
    assert display_for(coding, "ko", concept_text="무릎 통증").original == "무릎 통증"


def test_without_any_text_the_code_is_the_original():
    assert display_for({"system": "http://example.org/local", "code": "X1"}, "ko").original == "X1"


def test_a_codeable_concept_uses_the_first_coding_we_know():
    concept = {
        "text": "High blood pressure",
        "coding": [
            {"system": "http://example.org/local", "code": "HBP", "display": "HBP"},
            {"system": SNOMED, "code": "38341003"},
        ],
    }
    shown = display_for(concept, "ja")
    assert (shown.original, shown.translation) == ("High blood pressure", "高血圧症")


def test_a_fallback_translation_is_labelled_not_translated_and_unreviewed(small_tables):
    coding = {"system": "http://www.whocc.no/atc", "code": "A10BA02", "display": "Metformina"}
    shown = display_for(coding, "th")
    assert shown.translation == "metformin"
    assert shown.translation_language == "en"
    assert shown.labels == (NOT_TRANSLATED_LABEL["th"], UNREVIEWED_LABEL["th"])


def test_as_dict_carries_everything_an_api_row_needs():
    row = display_for(HYPERTENSION, "zh-TW").as_dict()
    assert row["language"] == "zh-Hant"
    assert row["translation"] == "高血壓"
    assert row["label"] == UNREVIEWED_LABEL["zh-Hant"]
    assert set(row) == {
        "original",
        "language",
        "translation",
        "translation_language",
        "source",
        "reviewed",
        "fallback_used",
        "label",
    }
