"""Times across zones: local wall-clock times in, instants stored, each side's zone out.

zoneinfo carries the daylight-saving rules, so a Los Angeles 10:00 is UTC-8 in winter and
UTC-7 in summer. A wall-clock time that does not exist (the spring-forward gap) is refused
rather than guessed; an ambiguous one (the autumn repeat) takes its first occurrence.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.utils.translation import gettext as _

from common.exceptions import ValidationFailed

SEOUL = "Asia/Seoul"


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone(name: str) -> zoneinfo.ZoneInfo:
    if name not in _known():
        raise ValidationFailed(fields={"time_zone": [_("Not a known time zone.")]})
    return zoneinfo.ZoneInfo(name)


def _exists(local: datetime) -> bool:
    there_and_back = local.astimezone(UTC).astimezone(local.tzinfo)
    return there_and_back.replace(tzinfo=None) == local.replace(tzinfo=None)


def instant_of(value: datetime, zone_name: str, field: str = "start") -> datetime:
    """An aware value is already an instant; a naive one is read in `zone_name`."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    local = value.replace(tzinfo=zone(zone_name), fold=0)
    if not _exists(local):
        raise ValidationFailed(
            fields={field: [_("This time does not exist there (the clocks skip it).")]}
        )
    return local.astimezone(UTC)


def shown_in(moment: datetime, zone_name: str) -> dict[str, str]:
    local = moment.astimezone(zone(zone_name) if zone_name else zoneinfo.ZoneInfo(SEOUL))
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return {
        "time_zone": zone_name or SEOUL,
        "local": local.isoformat(),
        "text": f"{local:%Y-%m-%d %H:%M} {local.tzname()} (UTC{sign}{hours:02d}:{rest:02d})",
    }


def around(moment: datetime, *, patient_zone: str, doctor_zone: str) -> dict[str, object]:
    """One instant as Seoul, the patient and the home doctor each read it."""
    return {
        "utc": moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "seoul": shown_in(moment, SEOUL),
        "patient": shown_in(moment, patient_zone),
        "home_doctor": shown_in(moment, doctor_zone) if doctor_zone else None,
    }
