"""The merged summary: IPS sections across hospitals, one item per concept, in a language.

What counts is decided in SQL on clear columns: the patient's entries in a summary section,
not retracted, not refuted or entered-in-error, not hidden (unless asked). Index rows only
ever describe a document's current content, so older versions never count. A window query
then keeps the newest entry per (section, code, hospital): a patient with a hundred
thousand lab values decrypts one row per test and hospital, not every value.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.expressions import Window
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber

from accounts.models import User
from common.actors import Actor
from records.models import IndexEntry
from records.selectors.access import read_logged, require_self
from records.selectors.merge import Item, Member, merge
from records.selectors.presenting import Sealed, coded, date_view, sources, zone_of
from records.vocabulary import SUMMARY_KEYS, SUMMARY_SECTIONS, SummarySection, label

_NOT_COUNTED = Q(verification__in=("refuted", "entered-in-error")) | Q(status="entered-in-error")


@dataclass(frozen=True)
class Summary:
    language: str
    sections: list[tuple[SummarySection, list[Item]]]


def summary_of(
    *,
    patient_id: uuid.UUID,
    language: str,
    include_hidden: bool = False,
    entry_ids: Collection[uuid.UUID] | None = None,
) -> Summary:
    """The merged summary, unaudited: for callers that have authorised and audit the read
    themselves (the patient's endpoint below, the IPS export, shared links)."""
    merged = merge(_members(patient_id, include_hidden, entry_ids))
    return Summary(language, [(s, merged.get(s.key, [])) for s in SUMMARY_SECTIONS])


def merged_summary(
    *, actor: Actor, patient: User, language: str, include_hidden: bool = False
) -> dict[str, Any]:
    require_self(actor, patient.id)
    summary = summary_of(patient_id=patient.id, language=language, include_hidden=include_hidden)
    read_logged(
        actor=actor,
        patient_id=patient.id,
        action="record.summary.read",
        object_type="summary",
        detail={
            "language": language,
            "items": sum(len(items) for _, items in summary.sections),
            "hidden_included": include_hidden,
        },
    )
    return present(summary, zone_name=patient.time_zone)


def live_entries(
    patient_id: uuid.UUID, include_hidden: bool, entry_ids: Collection[uuid.UUID] | None
) -> QuerySet[IndexEntry]:
    rows = IndexEntry.objects.filter(
        patient_id=patient_id, section__in=SUMMARY_KEYS, retracted=False
    ).exclude(_NOT_COUNTED)
    if not include_hidden:
        rows = rows.filter(hidden=False)
    if entry_ids is not None:
        rows = rows.filter(id__in=list(entry_ids))
    return rows


def _members(
    patient_id: uuid.UUID, include_hidden: bool, entry_ids: Collection[uuid.UUID] | None
) -> list[Member]:
    # An entry without a code is a concept of its own: it partitions by its id.
    concept = Coalesce(NullIf(F("code_hash"), Value("")), Cast("id", CharField()))
    newest = (
        live_entries(patient_id, include_hidden, entry_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section"), concept, F("organization_id")],
                order_by=[F("sort_date").desc(), F("sort_at").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values_list("id", flat=True)
    )
    rows = IndexEntry.objects.filter(id__in=list(newest)).values(
        "id", "section", "code_hash", "organization_id", "sort_date", "sort_at", "precision",
        "status", "summary",
    )  # fmt: skip
    sealed = Sealed(patient_id)
    return [_member(row, sealed) for row in rows]


def _member(row: Mapping[str, Any], sealed: Sealed) -> Member:
    opened = orjson.loads(sealed.open(row["id"], "summary", row["summary"]))
    return Member(
        entry_id=row["id"],
        section=row["section"],
        code_hash=row["code_hash"],
        organization_id=row["organization_id"],
        sort_date=row["sort_date"],
        sort_at=row["sort_at"],
        precision=row["precision"],
        status=row["status"],
        display=opened["display"],
        codings=tuple(tuple(c) for c in opened["codings"]),
    )


def present(summary: Summary, *, zone_name: str) -> dict[str, Any]:
    language, zone = summary.language, zone_of(zone_name)
    ids = {m.organization_id for _, items in summary.sections for i in items for m in i.members}
    names = sources(ids, language)

    def when(member: Member) -> dict[str, Any]:
        return date_view(member.sort_date, member.sort_at, member.precision, zone)

    def item_view(item: Item) -> dict[str, Any]:
        newest = item.newest
        return {
            "id": str(newest.entry_id),
            "display": newest.display,
            "coded": coded(item.codings(), language),
            "status": newest.status,
            "status_label": label("statuses", newest.status, language) if newest.status else "",
            "active": item.active,
            "as_of": when(newest),
            "sources": [source(m) for m in item.sources()],
        }

    def source(member: Member) -> dict[str, Any]:
        return {
            **names[member.organization_id],
            "as_of": when(member),
            "record": str(member.entry_id),
            "status": member.status,
        }

    return {
        "language": language,
        "title": label("labels", "summary_title", language),
        "sections": [
            {
                "key": section.key,
                "code": section.loinc,
                "title": label("sections", section.key, language),
                "required": section.required,
                "items": [item_view(item) for item in items],
                "empty": (
                    label("labels", "no_information", language)
                    if section.required and not items
                    else None
                ),
            }
            for section, items in summary.sections
        ],
    }
