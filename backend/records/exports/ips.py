"""The patient's record as FHIR: an IPS document built from the merged summary, and a
collection of chosen records. Builders only: the caller has authorised the read and writes
its audit event (the patient's export endpoint, or sharing for a SMART Health Link).

Both return a dict that passed `checks.checked` (structure, our Bundle rules, and for the
IPS its document rules); `ExportInvalid` is raised rather than hand out anything else.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Collection, Iterator
from typing import Any

import orjson
from django.utils import timezone

from accounts.models import User
from common.exceptions import NotFound
from hospitals.models import Organization
from records.exports import resources as res
from records.exports.checks import IPS_LOINC, LOINC, checked
from records.models import IndexEntry
from records.selectors.merge import Item
from records.selectors.presenting import Sealed, coded
from records.selectors.summary import summary_of
from records.vocabulary import SUMMARY_SECTIONS, SummarySection, label
from shared.terminology import normalise_language

EMPTY_REASON = "http://terminology.hl7.org/CodeSystem/list-empty-reason"
PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
REQUIRED = tuple(s.loinc for s in SUMMARY_SECTIONS if s.required)


def ips_document(
    *,
    patient: User,
    language: str,
    include_hidden: bool = False,
    entry_ids: Collection[uuid.UUID] | None = None,
) -> dict[str, Any]:
    """An IPS document Bundle of the merged summary: one entry per merged item (its newest
    record), a Provenance per entry naming every hospital it came from. `entry_ids`
    restricts the summary to those index entries (hidden ones still need include_hidden)."""
    language = normalise_language(language)
    summary = summary_of(
        patient_id=patient.id, language=language, include_hidden=include_hidden,
        entry_ids=entry_ids,
    )  # fmt: skip
    document = _Document(patient, language)
    for section, items in summary.sections:
        document.add_section(section, items)
    return checked(document.bundle(), required_sections=REQUIRED)


def records_bundle(*, patient: User, entry_ids: Collection[uuid.UUID]) -> dict[str, Any]:
    """A collection of exactly the chosen entries' resources (in the order given) and the
    Patient. An id that is not the patient's, or retracted by its sender, is a NotFound."""
    wanted = list(dict.fromkeys(entry_ids))
    rows = _stored(patient.id, wanted, include=("summary",))
    if len(rows) != len(wanted):
        raise NotFound()
    sealed, patient_url = Sealed(patient.id), res.urn()
    entries = [res.entry(patient_url, res.patient_resource(patient))]
    for entry_id in wanted:
        resource, codings = _opened(rows[entry_id], sealed)
        entries.append(res.entry(res.urn(), res.exported(resource, patient_url, codings)))
    return checked(_bundle("collection", entries))


def _stored(
    patient_id: uuid.UUID, ids: list[uuid.UUID], include: tuple[str, ...] = ()
) -> dict[uuid.UUID, dict[str, Any]]:
    rows = IndexEntry.objects.filter(patient_id=patient_id, id__in=ids, retracted=False).values(
        "id", "resource", "organization_id", "version__created_at", *include
    )
    return {row["id"]: row for row in rows}


def _opened(row: dict[str, Any], sealed: Sealed) -> tuple[dict[str, Any], list[Any]]:
    resource = orjson.loads(sealed.open(row["id"], "resource", row["resource"]))
    summary = orjson.loads(sealed.open(row["id"], "summary", row["summary"]))
    return resource, [tuple(c) for c in summary["codings"]]


def _bundle(kind: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": res.urn()},
        "type": kind,
        "timestamp": timezone.now().isoformat(),
        "entry": entries,
    }


def _narrative(lines: list[str]) -> dict[str, Any]:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><ul>{items}</ul></div>',
    }


def _roles() -> Iterator[str]:
    yield "author"
    while True:
        yield "informant"


class _Document:
    """Collects the document's entries; sections are added in IPS order."""

    def __init__(self, patient: User, language: str) -> None:
        self.patient, self.language, self.sealed = patient, language, Sealed(patient.id)
        self.patient_url, self.author_url = res.urn(), res.urn()
        self.sections: list[dict[str, Any]] = []
        self.records: list[dict[str, Any]] = []
        self.provenances: list[dict[str, Any]] = []
        self.hospitals: dict[uuid.UUID, str] = {}

    def add_section(self, section: SummarySection, items: list[Item]) -> None:
        if not items and not section.required:
            return
        stored = _stored(self.patient.id, [i.newest.entry_id for i in items], ("summary",))
        urls = [self._add_record(item, stored[item.newest.entry_id]) for item in items]
        lines = [self._line(item) for item in items]
        entry: dict[str, Any] = {
            "title": label("sections", section.key, self.language),
            "code": {"coding": [{"system": LOINC, "code": section.loinc}]},
            "text": _narrative(lines or [label("labels", "no_information", self.language)]),
        }
        if urls:
            entry["entry"] = [{"reference": url} for url in urls]
        else:
            entry["emptyReason"] = {"coding": [{"system": EMPTY_REASON, "code": "unavailable"}]}
        self.sections.append(entry)

    def _add_record(self, item: Item, row: dict[str, Any]) -> str:
        resource, codings = _opened(row, self.sealed)
        url = res.urn()
        self.records.append(res.entry(url, res.exported(resource, self.patient_url, codings)))
        self._add_provenance(url, item, row["version__created_at"].isoformat())
        return url

    def _add_provenance(self, target: str, item: Item, recorded: str) -> None:
        # The hospital whose record is exported wrote it; the others reported the same thing.
        agents = [
            {
                "type": {"coding": [{"system": PARTICIPANT, "code": role}]},
                "who": {"reference": self._hospital(member.organization_id)},
            }
            for role, member in zip(_roles(), item.sources(), strict=False)
        ]
        provenance = {
            "resourceType": "Provenance",
            "target": [{"reference": target}],
            "recorded": recorded,
            "agent": agents,
        }
        self.provenances.append(res.entry(res.urn(), provenance))

    def _hospital(self, organization_id: uuid.UUID) -> str:
        if organization_id not in self.hospitals:
            self.hospitals[organization_id] = res.urn()
        return self.hospitals[organization_id]

    def _line(self, item: Item) -> str:
        text = coded(item.codings(), self.language)["text"]
        translation = text.get("translation") if text else None
        return f"{translation} ({item.newest.display})" if translation else item.newest.display

    def bundle(self) -> dict[str, Any]:
        composition = {
            "resourceType": "Composition",
            "language": self.language,
            "status": "final",
            "type": {"coding": [{"system": LOINC, "code": IPS_LOINC}]},
            "subject": {"reference": self.patient_url},
            "date": timezone.now().isoformat(),
            "author": [{"reference": self.author_url}],
            "title": label("labels", "summary_title", self.language),
            "section": self.sections,
        }
        organizations = Organization.objects.in_bulk(list(self.hospitals))
        hospitals = [
            res.entry(url, res.hospital(organizations[pk], self.language))
            for pk, url in self.hospitals.items()
        ]
        entries = [
            res.entry(res.urn(), composition),
            res.entry(self.patient_url, res.patient_resource(self.patient)),
            res.entry(self.author_url, res.pocketchart()),
            *hospitals, *self.records, *self.provenances,
        ]  # fmt: skip
        return _bundle("document", entries)
