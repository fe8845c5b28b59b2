"""The patient's timeline: every entry across hospitals, newest first, a keyset page at a time.

Every filter is SQL on clear columns (section, kind, organization, dates, hidden, retracted),
so a page is always full when more rows exist and no count reveals what a filter dropped;
only the rows of the page are decrypted, for their display line.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import User
from common.actors import Actor
from records.models import Document, IndexEntry
from records.selectors.access import own_entries, read_logged
from records.selectors.cursor import Position
from records.selectors.presenting import Sealed, date_view, sources, zone_of

_COLUMNS = (
    "id",
    "resource_type",
    "section",
    "kind",
    "sort_date",
    "sort_at",
    "precision",
    "status",
    "verification",
    "hidden",
    "retracted",
    "organization_id",
    "document_id",
    "display",
)


@dataclass(frozen=True)
class TimelineQuery:
    sections: tuple[str, ...] = ()  # IPS section keys ...
    kinds: tuple[str, ...] = ()  # ... or document kinds: an entry matching either is kept
    organization_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_hidden: bool = False
    include_retracted: bool = False
    after: Position | None = None
    limit: int = 50
    language: str = "en"


@dataclass(frozen=True)
class TimelinePage:
    results: list[dict[str, Any]]
    next: Position | None


def timeline(*, actor: Actor, patient: User, query: TimelineQuery) -> TimelinePage:
    rows = filtered(own_entries(actor=actor, patient_id=patient.id), query)
    if query.after is not None:
        rows = rows.filter(query.after.before())
    page = list(rows.order_by("-sort_date", "-sort_at", "-id").values(*_COLUMNS)[: query.limit + 1])
    more, page = len(page) > query.limit, page[: query.limit]
    results = _present(page, patient, query.language)
    read_logged(
        actor=actor,
        patient_id=patient.id,
        action="record.timeline.read",
        object_type="timeline",
        detail={"returned": len(results), "page": "next" if query.after else "first"},
    )
    return TimelinePage(results, Position.of(page[-1]) if more else None)


def filtered(rows: QuerySet[IndexEntry], query: TimelineQuery) -> QuerySet[IndexEntry]:
    if query.sections or query.kinds:
        rows = rows.filter(Q(section__in=query.sections) | Q(kind__in=query.kinds))
    if query.organization_id is not None:
        rows = rows.filter(organization_id=query.organization_id)
    if query.date_from is not None:  # overlaps: a month-precision entry counts for its days
        rows = rows.filter(end_date__gte=query.date_from)
    if query.date_to is not None:
        rows = rows.filter(sort_date__lte=query.date_to)
    if not query.include_hidden:
        rows = rows.filter(hidden=False)
    if not query.include_retracted:
        rows = rows.filter(retracted=False)
    return rows


def _version_counts(document_ids: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    # A second small query, not a join: the page's plan stays a plain range over the
    # timeline index whatever the planner's statistics say about documents.
    found = Document.objects.filter(id__in=document_ids).values_list("id", "current_version")
    return dict(found)


def _present(page: list[dict[str, Any]], patient: User, language: str) -> list[dict[str, Any]]:
    if not page:
        return []
    sealed, zone = Sealed(patient.id), zone_of(patient.time_zone)
    names = sources((row["organization_id"] for row in page), language)
    versions = _version_counts({row["document_id"] for row in page})
    return [
        {
            "id": str(row["id"]),
            "resource_type": row["resource_type"],
            "section": row["section"],
            "kind": row["kind"],
            "display": sealed.open(row["id"], "display", row["display"]).decode(),
            "date": date_view(row["sort_date"], row["sort_at"], row["precision"], zone),
            "source": names.get(row["organization_id"]),
            "status": row["status"],
            "verification": row["verification"],
            "document": str(row["document_id"]),
            "versions": versions[row["document_id"]],
            "hidden": row["hidden"],
            "retracted": row["retracted"],
        }
        for row in page
    ]
