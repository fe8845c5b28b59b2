"""What the console's pages show, read through consultations' own audited selectors.

The console adds presentation (both time zones, doctors' names, filters) and one narrowing:
it shows the hospital it acts for (session.Console), so a request of any other hospital is
the same audited 404 as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from audit import services as audit
from common.exceptions import NotFound
from common.ids import uuid_or_404
from consultations.models import Consultation, Party, State
from consultations.selectors import reads
from consultations.states import OPEN, TRANSITIONS
from hospitals.models import StaffMembership, StaffRole
from staffconsole.session import Console
from staffconsole.times import both, waiting_text

OPEN_STATES = "open"  # the queue's default: everything still waiting on someone


@dataclass(frozen=True)
class QueueFilter:
    state: str = OPEN_STATES  # "open", "" (all) or one State
    language: str = ""
    country: str = ""
    doctor: str = ""  # "", "unassigned" or a doctor's user id


def doctors_of(console: Console) -> dict[str, str]:
    """The hospital's active doctors: user id -> name, for the assign list and the queue."""
    rows = StaffMembership.objects.filter(
        organization=console.hospital, role=StaffRole.DOCTOR, active=True
    ).select_related("user")
    return {str(m.user_id): m.user.name or m.user.email for m in rows.order_by("user__name")}


def _ours(console: Console, ids: list[str]) -> set[str]:
    here = Consultation.objects.filter(organization=console.hospital, id__in=ids)
    return {str(i) for i in here.values_list("id", flat=True)}


def _matches(row: dict[str, Any], wanted: QueueFilter) -> bool:
    if wanted.state == OPEN_STATES and row["state"] not in OPEN:
        return False
    if wanted.language and row["language"] != wanted.language:
        return False
    if wanted.country and row["patient"]["country"] != wanted.country.upper():
        return False
    doctor = row["assigned_doctor"] or "unassigned"
    return not wanted.doctor or doctor == wanted.doctor


def queue(console: Console, wanted: QueueFilter) -> list[dict[str, Any]]:
    """The hospital's requests, oldest first (the one waiting longest is on top)."""
    one_state = wanted.state if wanted.state in State.values else ""
    rows = reads.staff_queue(user=console.user, state=one_state)
    ours = _ours(console, [r["id"] for r in rows])
    doctors = doctors_of(console)
    now = timezone.now()
    return [
        {
            **row,
            "received": both(row["received_at"], row["patient"]["time_zone"]),
            "waiting": waiting_text(now - row["received_at"]) if row["state"] in OPEN else "",
            "doctor_name": doctors.get(row["assigned_doctor"] or "", ""),
        }
        for row in rows
        if row["id"] in ours and _matches(row, wanted)
    ]


def consultation_here(console: Console, consultation_id: object, action: str) -> Consultation:
    """This hospital's request, or a 404 audited like consultations' own refusals."""
    try:
        key = uuid_or_404(consultation_id)
    except NotFound:
        key = None
    row = (
        Consultation.objects.filter(id=key, organization=console.hospital).first() if key else None
    )
    if row is None:
        audit.record_refusal(
            actor=console.actor,
            action=f"consultation.{action}",
            reason="not_found",
            object_type="consultation",
            object_id=str(consultation_id)[:64],
        )
        raise NotFound()
    return row


def staff_steps(state: str) -> list[str]:
    """The staff steps the state machine allows now: only those buttons are shown."""
    return [
        name
        for name, step in TRANSITIONS.items()
        if step.party == Party.STAFF and state in step.sources
    ]


def _records(console: Console, consultation_id: str) -> list[dict[str, Any]] | None:
    """The included records through the consent policy (each read in the access log);
    None once no grant stands: the consultation ended or the patient withdrew."""
    try:
        return reads.staff_records(user=console.user, consultation_id=consultation_id)
    except NotFound:
        return None


def request_page(console: Console, consultation_id: str) -> dict[str, Any]:
    consultation_here(console, consultation_id, "read")
    row, view = reads.staff_consultation(user=console.user, consultation_id=consultation_id)
    zone = row.patient_time_zone
    thread = reads.staff_thread(user=console.user, consultation_id=consultation_id)
    for message in thread:
        message["times"] = both(message["created_at"], zone)
    doctors = doctors_of(console)
    return {
        "c": view,
        "patient_zone": zone,
        "times": {
            "received": both(row.created_at, zone),
            "changed": both(row.state_changed_at, zone),
            "expires": both(row.expires_at, zone),
        },
        "thread": thread,
        "records": _records(console, consultation_id),
        "steps": staff_steps(row.state),
        "doctors": doctors,
        "doctor_name": doctors.get(str(row.assigned_doctor_id or ""), ""),
        "photos": [a for a in view["attachments"] if a["content_type"].startswith("image/")],
        "documents": [a for a in view["attachments"] if not a["content_type"].startswith("image/")],
    }
