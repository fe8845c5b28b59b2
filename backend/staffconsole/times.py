"""Times as the console shows them: Seoul time (the hospital's) beside the patient's own.

The instant is stored in UTC; staff schedule in Seoul time and reply to someone who reads
the same instant elsewhere, so every time on the page is written both ways.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from consultations.zones import SEOUL, zone


def local_text(moment: datetime, zone_name: str) -> str:
    local = moment.astimezone(zone(zone_name or SEOUL))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def both(moment: datetime | None, patient_zone: str) -> dict[str, str] | None:
    """{"seoul": ..., "patient": ...}; the patient's is empty when they live in Seoul's zone."""
    if moment is None:
        return None
    seoul = local_text(moment, SEOUL)
    same = patient_zone in {"", SEOUL}
    return {"seoul": seoul, "patient": "" if same else local_text(moment, patient_zone)}


def waiting_text(waited: timedelta) -> str:
    hours = int(waited.total_seconds() // 3600)
    if hours < 1:
        return "< 1 h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if days else f"{hours} h"
