"""FHIR date, dateTime and instant values, without inventing or shifting time zones.

A FHIR ``date`` ("2024-03-01", "2024-03", "2024") is a calendar date, not an instant: turning it
into midnight UTC and back into a Korean or American time zone moves it to another day
(STACK.md). So a value keeps the precision it was sent with, and only values that carry a time
(and therefore a time zone) become aware UTC datetimes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, Literal

Precision = Literal["year", "month", "day", "time"]

_PATTERN = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?"
)
# The widest offsets in use are -12:00 and +14:00: a date-only value may be any instant in that
# window, which is what comparisons must allow for.
_DAY_SLACK = timedelta(hours=14)


@dataclass(frozen=True)
class FhirDate:
    """A parsed FHIR date/dateTime/instant.

    ``value`` is a ``date`` (first day of the year/month for coarser precisions) unless the text
    had a time and zone, then it is an aware UTC ``datetime``. ``local_date`` is the calendar
    day as written (in the sender's own offset): timelines group by it.
    """

    text: str
    precision: Precision
    value: date | datetime
    local_date: date

    @property
    def sort_key(self) -> tuple[date, datetime]:
        """Orders by the written calendar day, then by instant (date-only values first)."""
        if isinstance(self.value, datetime):
            return (self.local_date, self.value)
        return (self.local_date, datetime.combine(self.local_date, time.min, UTC) - _DAY_SLACK)

    def bounds_dates(self) -> tuple[date, date]:
        """First and last calendar day the value covers, as written."""
        return self.local_date, _period_end(self.local_date, self.precision)

    def bounds(self) -> tuple[datetime, datetime]:
        """Earliest and latest instant the value can mean (date-only values span every zone)."""
        if isinstance(self.value, datetime):
            return self.value, self.value
        first = self.value
        last = _period_end(first, self.precision)
        start = datetime.combine(first, time.min, UTC) - _DAY_SLACK
        end = datetime.combine(last, time.max, UTC) + _DAY_SLACK
        return start, end


def parse_fhir_date(text: str) -> FhirDate | None:
    """Parse a FHIR date, dateTime or instant; None when ``text`` is not one.

    A time without a zone (invalid in FHIR, seen in real data) keeps only its day: we do not
    guess a zone.
    """
    match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        return _build(text, match)
    except ValueError:  # e.g. 2024-02-30
        return None


def _build(text: str, match: re.Match[str]) -> FhirDate:
    year = int(match["y"])
    if match["m"] is None:
        day = date(year, 1, 1)
        return FhirDate(text, "year", day, day)
    if match["d"] is None:
        day = date(year, int(match["m"]), 1)
        return FhirDate(text, "month", day, day)
    day = date(year, int(match["m"]), int(match["d"]))
    if match["H"] is None or match["tz"] is None:
        return FhirDate(text, "day", day, day)
    offset = _offset(match["tz"])
    second = min(int(match["S"] or 0), 59)  # a leap second ":60" is kept as :59
    micro = int((match["f"] or "0")[:6].ljust(6, "0"))
    local = datetime.combine(day, time(int(match["H"]), int(match["M"]), second, micro), offset)
    return FhirDate(text, "time", local.astimezone(UTC), day)


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _period_end(first: date, precision: Precision) -> date:
    if precision == "year":
        return date(first.year, 12, 31)
    if precision == "month":
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


# Where the clinically meaningful date lives, per resource type, best first.
_CLINICAL_PATHS: dict[str, tuple[str, ...]] = {
    "Condition": ("onsetDateTime", "onsetPeriod.start", "recordedDate", "abatementDateTime"),
    "Observation": ("effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued"),
    "Immunization": ("occurrenceDateTime", "recorded"),
    "Procedure": ("performedDateTime", "performedPeriod.start"),
    "MedicationStatement": ("effectiveDateTime", "effectivePeriod.start", "dateAsserted"),
    "MedicationRequest": ("authoredOn", "dispenseRequest.validityPeriod.start"),
    "MedicationAdministration": ("effectiveDateTime", "effectivePeriod.start"),
    "MedicationDispense": ("whenHandedOver", "whenPrepared"),
    "AllergyIntolerance": ("onsetDateTime", "onsetPeriod.start", "recordedDate"),
    "DiagnosticReport": ("effectiveDateTime", "effectivePeriod.start", "issued"),
    "DocumentReference": ("date", "context.period.start"),
    "Composition": ("date",),
    "Encounter": ("period.start",),
    "CarePlan": ("period.start", "created"),
    "Consent": ("dateTime",),
    "DeviceUseStatement": ("timingDateTime", "timingPeriod.start", "recordedOn"),
    "ClinicalImpression": ("effectiveDateTime", "effectivePeriod.start", "date"),
    "ServiceRequest": ("occurrenceDateTime", "occurrencePeriod.start", "authoredOn"),
    "ImagingStudy": ("started",),
    "Flag": ("period.start",),
}
_FALLBACK_PATHS = ("effectiveDateTime", "occurrenceDateTime", "date", "period.start", "issued")


def clinical_date(resource: dict[str, Any]) -> FhirDate | None:
    """The date a patient would file this resource under, or None when it has none."""
    paths = _CLINICAL_PATHS.get(str(resource.get("resourceType")), _FALLBACK_PATHS)
    for path in paths:
        value: Any = resource
        for step in path.split("."):
            value = value.get(step) if isinstance(value, dict) else None
        parsed = parse_fhir_date(value) if isinstance(value, str) else None
        if parsed is not None:
            return parsed
    return None
