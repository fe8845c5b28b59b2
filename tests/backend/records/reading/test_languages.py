"""The patient's language: coded values translated where our tables know them, always beside
the original; unreviewed translations and untranslated codes labelled; fixed texts in all six
languages."""

from __future__ import annotations

import json

import pytest

from records.vocabulary import LABELS_FILE, SUMMARY_KEYS
from shared.terminology import LANGUAGES
from shared.terminology.languages import NOT_TRANSLATED_LABEL, UNREVIEWED_LABEL
from tests.backend.records.reading import builders as b

pytestmark = pytest.mark.django_db
SUMMARY = "/api/v1/me/summary"
HYPERTENSION = (b.SNOMED, "38341003", "Hypertension")


def problem_text(read, user, **params) -> dict:
    body = read(user, SUMMARY, **params).json()
    [item] = next(s for s in body["sections"] if s["key"] == "problems")["items"]
    return item["coded"]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_answers_with_its_own_section_titles(read, linked_alice, language):
    response = read(linked_alice.patient, SUMMARY, lang=language)
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == language
    titles = [s["title"] for s in body["sections"]]
    english = [
        s["title"] for s in read(linked_alice.patient, SUMMARY, lang="en").json()["sections"]
    ]
    assert all(titles) and (language == "en" or titles != english)


def test_region_tags_are_understood(read, linked_alice):
    assert read(linked_alice.patient, SUMMARY, lang="zh-TW").json()["language"] == "zh-Hant"


def test_without_lang_the_patients_preferred_language_is_used(read, linked_alice):
    patient = linked_alice.patient
    patient.preferred_language = "th"
    patient.save(update_fields=["preferred_language"])
    assert read(patient, SUMMARY).json()["language"] == "th"


def test_a_known_code_is_translated_beside_the_original(
    pushed, read, hospital_a, linked_alice, hypertension_table
):
    pushed(hospital_a, b.record_set(b.condition(HYPERTENSION)))
    text = problem_text(read, linked_alice.patient, lang="ko")
    assert (text["original"], text["translation"], text["label"]) == (
        "Hypertension",
        "고혈압",
        None,
    )


def test_an_unreviewed_translation_says_so(
    pushed, read, hospital_a, linked_alice, hypertension_table
):
    pushed(hospital_a, b.record_set(b.condition(HYPERTENSION)))
    text = problem_text(read, linked_alice.patient, lang="ja")
    assert (text["translation"], text["reviewed"]) == ("高血圧症", False)
    assert text["label"] == UNREVIEWED_LABEL["ja"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_untranslated_code_falls_back_to_the_original_text_labelled(
    pushed, read, hospital_a, linked_alice, hypertension_table, language
):
    pushed(hospital_a, b.record_set(b.condition((b.SNOMED, "999999999", "Odd finding"))))
    text = problem_text(read, linked_alice.patient, lang=language)
    assert (text["original"], text["translation"]) == ("Odd finding", None)
    assert text["label"] == NOT_TRANSLATED_LABEL[language]


def test_the_record_shows_its_codes_with_systems_and_translation(
    pushed, read, hospital_a, linked_alice, hypertension_table
):
    from records.models import IndexEntry

    pushed(hospital_a, b.record_set(b.condition(HYPERTENSION)))
    entry = IndexEntry.objects.get(resource_type="Condition")
    body = read(linked_alice.patient, f"/api/v1/me/records/{entry.id}", lang="zh-Hans").json()
    assert body["coded"]["codings"] == [
        {"system": b.SNOMED, "code": "38341003", "display": "Hypertension"}
    ]
    assert body["coded"]["text"]["translation"] == "高血压"


def test_every_fixed_text_exists_in_all_six_languages():
    data = json.loads(LABELS_FILE.read_text("utf-8"))
    assert set(data["sections"]) == set(SUMMARY_KEYS)
    for group in ("sections", "labels", "statuses"):
        for key, texts in data[group].items():
            assert set(texts) == set(LANGUAGES), (group, key)
            assert all(text.strip() for text in texts.values()), (group, key)
