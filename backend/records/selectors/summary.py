"""The merged summary: IPS sections across hospitals, one item per concept, in a language.

What counts is decided in SQL on clear columns: the patient's entries in a summary section,
not retracted, not refuted or entered-in-error, not hidden (unless asked). Index rows only
ever describe a document's current content, so older versions never count. SQL then keeps
the newest entry per (section, code, hospital): a patient with a hundred thousand lab values
decrypts one row per test and hospital, not every value.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import BooleanField, Max, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import User
from common.actors import Actor
from records.models import IndexEntry
from records.selectors.access import read_logged, require_self
from records.selectors.merge import Item, Member, merge
from records.selectors.presenting import Sealed, coded, date_view, sources, zone_of
from records.vocabulary import SUMMARY_KEYS, SUMMARY_SECTIONS, SummarySection, label

_TABLE = IndexEntry._meta.db_table
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
    if entry_ids is not None and not entry_ids:
        return []  # nothing chosen (a share of a new account): also keeps "IN ()" out of SQL
    live = live_entries(patient_id, include_hidden, entry_ids)
    columns = (
        "id", "section", "code_hash", "organization_id", "sort_date", "sort_at", "precision",
        "status", "summary",
    )  # fmt: skip
    # Two queries, not one with an OR: each then has a plan over its own index.
    coded = live.filter(_on_latest_day(live)).values(*columns)
    uncoded = live.filter(code_hash="").values(*columns)
    rows = [*coded, *uncoded]
    newest: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for row in rows:
        # An entry without a code is a concept of its own: keyed by its id.
        concept = (row["section"], row["code_hash"] or row["id"], row["organization_id"])
        held = newest.get(concept)
        if held is None or _order(row) > _order(held):
            newest[concept] = row
    sealed = Sealed(patient_id)
    return [_member(row, sealed) for row in newest.values()]


def _on_latest_day(live: QuerySet[IndexEntry]) -> RawSQL:
    """Coded rows on the latest day of their (section, code, hospital): a hash aggregate
    and a semi-join, where a window over every row would sort them all (and spill to disk
    for a patient with a hundred thousand lab values). Ties on that day are settled in
    Python by (sort_at, id), which is the timeline's order."""
    latest = (
        live.exclude(code_hash="")
        .order_by()
        .values("section", "code_hash", "organization_id")
        .annotate(day=Max("sort_date"))
        .values_list("section", "code_hash", "organization_id", "day")
    )
    inner, params = latest.query.sql_with_params()
    columns = ", ".join(f'"{_TABLE}"."{c}"' for c in ("section", "code_hash", "organization_id"))
    return RawSQL(  # noqa: S611 - fixed column names; the values are bound parameters
        f'({columns}, "{_TABLE}"."sort_date") IN ({inner})', params, output_field=BooleanField()
    )


def _order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (row["sort_date"], row["sort_at"], row["id"])


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
