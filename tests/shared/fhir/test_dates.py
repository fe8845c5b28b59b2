from datetime import UTC, date, datetime

import pytest

from shared.fhir.dates import clinical_date, parse_fhir_date


def test_a_plain_date_keeps_its_day_and_is_never_shifted_through_utc():
    parsed = parse_fhir_date("2024-03-01")
    assert parsed is not None
    assert (parsed.precision, parsed.value, parsed.local_date) == (
        "day",
        date(2024, 3, 1),
        date(2024, 3, 1),
    )


def test_a_korean_morning_is_an_aware_utc_instant_filed_under_its_own_day():
    parsed = parse_fhir_date("2024-03-01T00:30:00+09:00")
    assert parsed is not None
    assert parsed.precision == "time"
    assert parsed.value == datetime(2024, 2, 29, 15, 30, tzinfo=UTC)
    assert parsed.local_date == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2024", "year"),
        ("2024-03", "month"),
        ("2024-03-01", "day"),
        ("2024-03-01T10:00:00Z", "time"),
        ("2015-02-07T13:28:17.239+02:00", "time"),
    ],
)
def test_precision_follows_what_was_sent(text, precision):
    parsed = parse_fhir_date(text)
    assert parsed is not None and parsed.precision == precision


@pytest.mark.parametrize("text", ["2024-02-30", "24-03-01", "not a date", "", "2024-3-1"])
def test_invalid_dates_are_not_parsed(text):
    assert parse_fhir_date(text) is None


def test_a_time_without_a_zone_keeps_only_its_day_rather_than_guess_a_zone():
    parsed = parse_fhir_date("2024-03-01T10:00:00")
    assert parsed is not None and parsed.precision == "day"


def test_sorting_puts_a_plain_date_before_times_of_the_same_day():
    values = [parse_fhir_date(t) for t in ["2024-03-01T09:00:00+09:00", "2024-03-01", "2024-02"]]
    ordered = sorted((v for v in values if v), key=lambda v: v.sort_key)
    assert [v.text for v in ordered] == ["2024-02", "2024-03-01", "2024-03-01T09:00:00+09:00"]


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (
            {"resourceType": "Condition", "recordedDate": "2020-01-02", "onsetDateTime": "2019"},
            "2019",
        ),
        ({"resourceType": "Observation", "effectivePeriod": {"start": "2024-01-01"}}, "2024-01-01"),
        ({"resourceType": "Observation", "issued": "2024-01-05T00:00:00Z"}, "2024-01-05T00:00:00Z"),
        ({"resourceType": "Immunization", "occurrenceDateTime": "2021-05"}, "2021-05"),
        ({"resourceType": "Procedure", "performedPeriod": {"start": "2018-07-07"}}, "2018-07-07"),
        ({"resourceType": "MedicationStatement", "dateAsserted": "2022-02-02"}, "2022-02-02"),
        ({"resourceType": "Encounter", "period": {"start": "2023-03-03"}}, "2023-03-03"),
        ({"resourceType": "Composition", "date": "2024-04-04"}, "2024-04-04"),
    ],
)
def test_clinical_date_picks_the_meaningful_element_per_type(resource, expected):
    found = clinical_date(resource)
    assert found is not None and found.text == expected


def test_a_resource_without_a_date_has_no_clinical_date():
    assert clinical_date({"resourceType": "AllergyIntolerance", "onsetString": "childhood"}) is None
