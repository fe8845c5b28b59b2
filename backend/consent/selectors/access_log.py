"""The patient's access log: every read of their data by someone else, and every refusal.

Built from the audit trail (events on this patient whose action starts with `access.`,
written only by consent.services.access), joined to the AccessRecord each event names for
the recipient's name and country. Keyset-paginated on the audit sequence, newest first.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from common.actors import Actor
from common.crypto.envelope import decrypt_field
from common.exceptions import NotFound
from consent import texts
from consent.models import AccessRecord
from consent.services.access import ACCESS_PREFIX, TABLE, own_read_logged
from shared.fhir import section_for_resource

MAX_LIMIT = 100


@dataclass(frozen=True)
class LogFilter:
    actor_type: str = ""
    outcome: str = ""
    since: datetime | None = None
    until: datetime | None = None
    before: int | None = None  # the keyset cursor: an audit sequence number
    limit: int = 50


@dataclass(frozen=True)
class LogPage:
    entries: list[dict[str, Any]]
    next_before: int | None


def _events(patient: User, wanted: LogFilter) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(
        patient_id=str(patient.id), action__startswith=ACCESS_PREFIX
    ).exclude(actor_type="patient", actor_id=str(patient.id))
    if wanted.actor_type:
        events = events.filter(actor_type=wanted.actor_type)
    if wanted.outcome:
        events = events.filter(outcome=wanted.outcome)
    if wanted.since is not None:
        events = events.filter(occurred_at__gte=wanted.since)
    if wanted.until is not None:
        events = events.filter(occurred_at__lt=wanted.until)
    if wanted.before is not None:
        events = events.filter(seq__lt=wanted.before)
    return list(events.order_by("-seq")[: wanted.limit + 1])


def _records(events: list[AuditEvent]) -> dict[str, AccessRecord]:
    ids = [e.detail.get("access_record") for e in events if e.detail.get("access_record")]
    rows = AccessRecord.objects.filter(id__in=ids).select_related("organization")
    return {str(row.id): row for row in rows}


def _staff_names(events: list[AuditEvent]) -> dict[str, str]:
    ids = {e.actor_id for e in events if e.actor_type == "staff" and e.actor_id}
    return {str(u.id): u.name for u in User.objects.filter(id__in=ids)} if ids else {}


def _who(event: AuditEvent, row: AccessRecord | None, staff: dict[str, str], lang: str) -> dict:
    organization = row.organization if row is not None else None
    name = ""
    if row is not None and row.recipient_name:
        name = decrypt_field(
            row.patient_id,
            bytes(row.recipient_name),
            table=TABLE,
            row_id=row.id,
            field="recipient_name",
        ).decode()
    elif event.actor_type == "staff":
        name = staff.get(event.actor_id, "")
    org_name = organization.name_in(lang) if organization is not None else ""
    return {
        "type": event.actor_type,
        "name": name or org_name or texts.log_line("unknown_actor", lang),
        "organization": org_name or None,
        "country": (row.recipient_country if row is not None else "") or None,
    }


def _items(types: list[str], lang: str) -> list[str]:
    sections = [section_for_resource({"resourceType": t}) or "" for t in types]
    return sorted({texts.phrase("sections", s, lang) for s in sections if s})


def _entry(event: AuditEvent, who: dict, zone: zoneinfo.ZoneInfo, lang: str) -> dict[str, Any]:
    detail = event.detail
    refused = event.outcome != "success"
    reason = str(detail.get("reason", "")) if refused else ""
    returned = int(detail.get("returned") or 0)
    line = (
        texts.log_line(
            "refused", lang, who=who["name"], reason=texts.phrase("reasons", reason, lang)
        )
        if refused
        else texts.log_line("read", lang, who=who["name"], count=returned)
    )
    return {
        "id": event.seq,
        "at": timezone.localtime(event.occurred_at, zone).isoformat(),
        "outcome": event.outcome,
        "action": event.action.removeprefix(ACCESS_PREFIX),
        "who": who,
        "returned": returned,
        "resource_types": list(detail.get("types") or []),
        "items": _items(list(detail.get("types") or []), lang),
        "grants": list(detail.get("grants") or []),
        "purpose": event.purpose or None,
        "reason": reason or None,
        "description": line,
    }


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Seoul")


def access_log(*, actor: Actor, patient: User, wanted: LogFilter) -> LogPage:
    """The patient's own log; nobody else reads it (the same 404 as a missing one)."""
    if actor.type != "patient" or actor.id != str(patient.id):
        raise NotFound()
    own_read_logged(actor=actor, action="consent.access_log.read")
    limit = max(1, min(wanted.limit, MAX_LIMIT))
    events = _events(patient, LogFilter(**{**wanted.__dict__, "limit": limit}))
    shown = events[:limit]
    records, staff = _records(shown), _staff_names(shown)
    lang, zone = patient.preferred_language, _zone(patient.time_zone)
    entries = [
        _entry(e, _who(e, records.get(str(e.detail.get("access_record"))), staff, lang), zone, lang)
        for e in shown
    ]
    return LogPage(entries=entries, next_before=shown[-1].seq if len(events) > limit else None)
