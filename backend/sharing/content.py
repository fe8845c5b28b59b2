"""What a share contains, built as the share itself may see it (through consent.policy).

Files: the merged summary as an IPS document (hidden entries left out), and one collection
Bundle of the chosen records: single entries (named by document and position, because entry
rows are rebuilt when their document is re-pushed) and whole documents. Builders are the
records app's exports; this module only chooses what goes in and fingerprints it, so a
long-term link knows when its files are out of date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import Count, Max, Q, QuerySet, Sum

from accounts.models import User
from common.exceptions import ValidationFailed
from common.ids import uuid_or_404
from consent.policy import Decision, entries_filter
from consent.vocabulary import known_kinds, known_sections
from records.models import Document, IndexEntry

FHIR_JSON = "application/fhir+json"
MAX_CHOSEN = 500


@dataclass(frozen=True)
class Content:
    summary: bool
    document_ids: tuple[str, ...] = ()
    entries: tuple[tuple[str, int], ...] = ()  # (document id, entry_index)

    @property
    def has_records(self) -> bool:
        return bool(self.document_ids or self.entries)

    @property
    def file_count(self) -> int:
        return int(self.summary) + int(self.has_records)


@dataclass(frozen=True)
class PlainFile:
    content_type: str
    data: bytes
    resource_types: list[str]


def chosen_content(
    *, patient: User, summary: bool, entry_ids: list[str], document_ids: list[str]
) -> Content:
    """The patient's choice, checked: every record and document must be their own."""
    if len(entry_ids) + len(document_ids) > MAX_CHOSEN:
        raise ValidationFailed(fields={"entry_ids": [f"Choose at most {MAX_CHOSEN} items."]})
    wanted_docs = {uuid_or_404(d) for d in document_ids}
    docs = Document.objects.filter(patient=patient, id__in=wanted_docs).values_list("id", flat=True)
    if len(set(docs)) != len(wanted_docs):
        raise ValidationFailed(fields={"document_ids": ["Some of these documents are not yours."]})
    wanted_entries = {uuid_or_404(e) for e in entry_ids}
    rows = IndexEntry.objects.filter(patient=patient, id__in=wanted_entries)
    pairs = sorted({(str(d), int(i)) for d, i in rows.values_list("document_id", "entry_index")})
    if len(pairs) != len(wanted_entries):
        raise ValidationFailed(fields={"entry_ids": ["Some of these records are not yours."]})
    if rows.filter(hidden=True).exists():
        # consent.policy never shows others what the patient hid; saying so beats a link
        # that silently lacks what was chosen (docs/decisions.md, "Sharing keys ...").
        raise ValidationFailed(
            fields={"entry_ids": ["Some of these records are hidden: show them again to share."]}
        )
    if not summary and not pairs and not wanted_docs:
        raise ValidationFailed(fields={"content": ["Choose the summary, records or documents."]})
    return Content(summary, tuple(sorted(str(d) for d in wanted_docs)), tuple(pairs))


def chosen_entries(patient_id: Any, content: Content) -> QuerySet[IndexEntry]:
    """The current index rows of the chosen records and documents."""
    chosen = Q(document_id__in=list(content.document_ids))
    for document_id, position in content.entries:
        chosen |= Q(document_id=document_id, entry_index=position)
    return IndexEntry.objects.filter(patient_id=patient_id).filter(chosen)


@dataclass(frozen=True)
class Scope:
    sections: list[str]
    kinds: list[str]
    document_ids: list[str]


def scope_terms(patient_id: Any, content: Content) -> Scope:
    """The grant's data scope, as narrow as the content: the summary is its IPS sections;
    chosen records are their documents and the sections (or document kinds) they fall in,
    which is also what a transfer consent abroad names. The scope is always spelled out,
    never left empty, so the Consent export says what it covers."""
    if content.summary and not content.has_records:
        return Scope(sorted(known_sections()), [], [])
    if content.summary:
        return Scope([], sorted(known_kinds()), [])
    rows = chosen_entries(patient_id, content)
    documents = sorted({str(d) for d in rows.values_list("document_id", flat=True)})
    documents = sorted(set(documents) | set(content.document_ids))
    if content.entries and not content.document_ids:
        sections = sorted({s for s in rows.values_list("section", flat=True) if s})
        if sections and not rows.filter(section="").exists():
            return Scope(sections, [], documents)
    kinds = Document.objects.filter(id__in=documents).values_list("kind", flat=True)
    return Scope([], sorted(set(kinds)), documents)


def build_files(
    *, patient: User, content: Content, language: str, decision: Decision
) -> list[PlainFile]:
    """The share's files in order, holding only what `decision` allows the share to read."""
    from records.exports.ips import ips_document, records_bundle

    allowed = IndexEntry.objects.filter(patient=patient).filter(entries_filter(decision))
    files = []
    if content.summary:
        ids = list(allowed.values_list("id", flat=True))
        files.append(_file(ips_document(patient=patient, language=language, entry_ids=ids)))
    if content.has_records:
        chosen = chosen_entries(patient.id, content).filter(entries_filter(decision))
        ids = list(chosen.values_list("id", flat=True))
        files.append(_file(records_bundle(patient=patient, entry_ids=ids)))
    return files


def _file(bundle: dict[str, Any]) -> PlainFile:
    entries = bundle.get("entry") or []
    types = [str((e.get("resource") or {}).get("resourceType", "")) for e in entries]
    return PlainFile(FHIR_JSON, orjson.dumps(bundle), [t for t in types if t])


def content_stamp(patient_id: Any, content: Content) -> str:
    """Changes whenever a document the share draws on is re-pushed, retracted or re-indexed
    (index rows are rewritten then), so a long-term link rebuilds only when it must."""
    documents = Document.objects.filter(patient_id=patient_id)
    entries = IndexEntry.objects.filter(patient_id=patient_id)
    if not content.summary:
        wanted = set(content.document_ids) | {d for d, _ in content.entries}
        documents = documents.filter(id__in=wanted)
        entries = entries.filter(document_id__in=wanted)
    facts = [
        documents.aggregate(n=Count("id"), v=Sum("current_version"), at=Max("updated_at")),
        entries.aggregate(n=Count("id"), at=Max("updated_at")),
    ]
    return hashlib.sha256(orjson.dumps(facts, default=str)).hexdigest()
