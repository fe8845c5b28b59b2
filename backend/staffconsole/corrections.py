"""The hospital's correction requests (PIPA Art. 36), shown read-only.

The corrections app answers them through the hospital's system (FHIR Task): the record
changes only when the hospital pushes a corrected version, so the console lists the
requests and their state for the staff who follow them up, and changes nothing. Each
listing is audited once per patient it shows, like the system's own Task search.
"""

from __future__ import annotations

from typing import Any

from audit import services as audit
from corrections.models import CorrectionRequest
from corrections.selectors import correction_view
from staffconsole.session import Console
from staffconsole.times import both

MAX_ROWS = 200


def hospital_corrections(console: Console) -> list[dict[str, Any]]:
    rows = list(
        CorrectionRequest.objects.filter(organization=console.hospital)
        .select_related("organization", "patient")
        .order_by("-created_at")[:MAX_ROWS]
    )
    for patient_id in dict.fromkeys(row.patient_id for row in rows):
        audit.record(
            actor=console.actor,
            action="correction.staff.list",
            patient_id=patient_id,
            object_type="correction",
            purpose="treatment",
            detail={"returned": sum(1 for r in rows if r.patient_id == patient_id)},
        )
    return [
        {
            **correction_view(row, console.user.preferred_language),
            "patient": row.patient.name,
            "received": both(row.created_at, row.patient.time_zone),
        }
        for row in rows
    ]
