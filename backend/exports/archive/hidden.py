"""Leaving the patient's hidden entries out of the documents an archive carries.

Hiding is the patient's choice to keep an entry out of their own views and exports (records,
`IndexEntry.hidden`). Index rows describe a document's current version, so a hidden entry
is found there by position and then removed from every version by its fullUrl or its
`type/id` (the same resource in earlier versions), together with references to it from the
document's Composition. Attachments are kept only while something left still names them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from records.models import IndexEntry

HIDDEN_NARRATIVE = {
    "status": "generated",
    "div": '<div xmlns="http://www.w3.org/1999/xhtml">Entries the patient hid are left out '
    "of this export; the hospital's narrative for this section went with them.</div>",
}


@dataclass(frozen=True)
class HiddenKeys:
    full_urls: frozenset[str] = frozenset()
    type_ids: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.full_urls or self.type_ids)

    def matches(self, entry: dict[str, Any]) -> bool:
        resource = entry.get("resource")
        if not isinstance(resource, dict):
            return False
        type_id = f"{resource.get('resourceType')}/{resource.get('id')}"
        return entry.get("fullUrl") in self.full_urls or (
            resource.get("id") is not None and type_id in self.type_ids
        )


@dataclass
class HiddenIndex:
    """Positions of hidden entries in each document's current version."""

    positions: dict[uuid.UUID, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, patient_id: uuid.UUID) -> HiddenIndex:
        rows = IndexEntry.objects.filter(patient_id=patient_id, hidden=True)
        found = cls()
        for document_id, position in rows.values_list("document_id", "entry_index"):
            found.positions.setdefault(document_id, set()).add(position)
        return found

    @property
    def count(self) -> int:
        return sum(len(p) for p in self.positions.values())


def keys_in(current: dict[str, Any], positions: set[int]) -> HiddenKeys:
    entries = current.get("entry") or []
    urls, type_ids = set(), set()
    for position in positions:
        if position >= len(entries) or not isinstance(entries[position], dict):
            continue
        entry = entries[position]
        if entry.get("fullUrl"):
            urls.add(str(entry["fullUrl"]))
        resource = entry.get("resource") or {}
        if isinstance(resource, dict) and resource.get("id") is not None:
            type_ids.add(f"{resource.get('resourceType')}/{resource.get('id')}")
    return HiddenKeys(frozenset(urls), frozenset(type_ids))


def without_hidden(bundle: dict[str, Any], keys: HiddenKeys) -> tuple[dict[str, Any], int]:
    """A copy of `bundle` without the hidden entries; returns it and how many went."""
    if not keys:
        return bundle, 0
    entries = bundle.get("entry") or []
    kept = [e for e in entries if not (isinstance(e, dict) and keys.matches(e))]
    removed = {str(e.get("fullUrl")) for e in entries if isinstance(e, dict) and keys.matches(e)}
    copy = {**bundle, "entry": [_unreferenced(e, removed | keys.type_ids) for e in kept]}
    return copy, len(entries) - len(kept)


def _unreferenced(entry: dict[str, Any], gone: set[str]) -> dict[str, Any]:
    """A Composition without its section entries that pointed at removed resources."""
    resource = entry.get("resource")
    if not isinstance(resource, dict) or resource.get("resourceType") != "Composition":
        return entry
    sections = [_section(s, gone) for s in resource.get("section") or [] if isinstance(s, dict)]
    return {**entry, "resource": {**resource, "section": sections}}


def _section(section: dict[str, Any], gone: set[str]) -> dict[str, Any]:
    listed = section.get("entry") or []
    refs = [r for r in listed if r.get("reference") not in gone]
    copy = {k: v for k, v in section.items() if k != "entry"}
    if refs:
        copy["entry"] = refs
    if len(refs) != len(listed):
        # The hospital's narrative may describe what was hidden: it goes with the entry.
        copy["text"] = HIDDEN_NARRATIVE
    if "section" in section:
        copy["section"] = [_section(s, gone) for s in section["section"] if isinstance(s, dict)]
    return copy
