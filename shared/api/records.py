"""Typed views of the patient's reading API: timeline, one record, the summary.

These endpoints were planned in DESIGN.md before they were built, so the parsing accepts the
few spellings a reasonable server could use (`organization` as an object or a name, `date` or
`sort_date`) and keeps `raw`, so the cache can be re-read when a field is added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from shared.api.readable import readable_fields
from shared.fhir.display import codings, display_line

# The summary's cards, in the order UX.md asks for: allergies and medications first.
SUMMARY_SECTIONS = (
    "allergies",
    "medications",
    "problems",
    "results",
    "immunizations",
    "procedures",
)
_SECTION_ALIASES = {
    "allergy": "allergies",
    "allergies-intolerances": "allergies",
    "allergyintolerance": "allergies",
    "medication": "medications",
    "problem": "problems",
    "result": "results",
    "immunization": "immunizations",
    "procedure": "procedures",
}


def section_key(name: str) -> str:
    key = name.strip().lower().replace("_", "-")
    return _SECTION_ALIASES.get(key, key)


def _text(body: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _date(body: dict[str, Any], *keys: str) -> str:
    """The date as the sender wrote it (a day, a month, a year, or a local time)."""
    for key in keys:
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("value") or value.get("day")
        if isinstance(value, str) and value:
            return value.replace("T", " ")[:16]
    return ""


def _hospital(body: dict[str, Any]) -> str:
    sources = body.get("sources")
    if isinstance(sources, list) and sources and isinstance(sources[0], dict):
        return _text(sources[0], "name")
    source = body.get("organization") or body.get("source") or body.get("hospital")
    if isinstance(source, dict):
        return _text(source, "name", "display")
    return source if isinstance(source, str) else ""


def _resource(body: dict[str, Any]) -> dict[str, Any]:
    resource = body.get("resource")
    return resource if isinstance(resource, dict) else {}


@dataclass(frozen=True)
class TimelineEntry:
    id: str
    resource_type: str
    section: str
    kind: str
    display: str
    date: str  # as the sender wrote it: a day, a month or a year
    hospital: str
    status: str = ""
    hidden: bool = False

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> TimelineEntry:
        resource = _resource(body)
        return cls(
            id=str(body.get("id", "")),
            resource_type=_text(body, "resource_type", "resourceType")
            or str(resource.get("resourceType", "")),
            section=section_key(_text(body, "section")),
            kind=_text(body, "kind"),
            display=_text(body, "display", "title") or (display_line(resource) if resource else ""),
            date=_date(body, "date", "sort_date", "as_of"),
            hospital=_hospital(body),
            status=_text(body, "status"),
            hidden=bool(body.get("hidden")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "resource_type": self.resource_type,
            "section": self.section,
            "kind": self.kind,
            "display": self.display,
            "date": self.date,
            "organization": {"name": self.hospital},
            "status": self.status,
            "hidden": self.hidden,
        }


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    next_cursor: str | None

    @classmethod
    def from_json(cls, body: Any) -> TimelinePage:
        items = body.get("results", []) if isinstance(body, dict) else body
        cursor = body.get("next") if isinstance(body, dict) else None
        if isinstance(cursor, str) and "cursor=" in cursor:  # the server gives the next URL
            cursor = (parse_qs(urlparse(cursor).query).get("cursor") or [""])[0]
        return cls([TimelineEntry.from_json(i) for i in items or []], cursor or None)


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str  # in the reader's language where the server's tables know it
    original: str  # as the hospital wrote it

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Coding:
        original = _text(body, "original", "original_display", "text")
        display = _text(body, "display", "translated") or original
        return cls(_text(body, "system"), _text(body, "code"), display, original or display)


@dataclass(frozen=True)
class RecordVersion:
    number: int
    received: str
    current: bool

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> RecordVersion:
        return cls(
            int(body.get("number") or body.get("version") or 0),
            _text(body, "received", "created_at", "date"),
            bool(body.get("current")),
        )


@dataclass(frozen=True)
class RecordDetail:
    entry: TimelineEntry
    fields: list[tuple[str, str]]  # readable label/value pairs, in the reader's language
    codes: list[Coding]
    original_text: str
    versions: list[RecordVersion]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> RecordDetail:
        resource = _resource(body)
        return cls(
            entry=TimelineEntry.from_json(body),
            fields=_fields(body),
            codes=_codes(body, resource),
            original_text=_original_text(body, resource),
            versions=_versions(body),
            raw=body,
        )


def _versions(body: dict[str, Any]) -> list[RecordVersion]:
    document = body.get("document")
    listed = document.get("versions") if isinstance(document, dict) else body.get("versions")
    versions = [RecordVersion.from_json(v) for v in listed or [] if isinstance(v, dict)]
    current = document.get("current_version") if isinstance(document, dict) else None
    if current is not None:
        versions = [RecordVersion(v.number, v.received, v.number == current) for v in versions]
    return versions


def _fields(body: dict[str, Any]) -> list[tuple[str, str]]:
    found = body.get("fields") or body.get("readable")
    if not found:
        return readable_fields(_resource(body))  # labels are "field.*" catalogue keys
    if isinstance(found, dict):
        return [(str(k), str(v)) for k, v in found.items()]
    return [
        (_text(item, "label", "name"), _text(item, "value", "text"))
        for item in found
        if isinstance(item, dict)
    ]


def _codes(body: dict[str, Any], resource: dict[str, Any]) -> list[Coding]:
    coded = body.get("coded")
    if isinstance(coded, dict):
        return _coded(coded)
    listed = body.get("codes") or body.get("codings")
    if isinstance(listed, list):
        return [Coding.from_json(c) for c in listed if isinstance(c, dict)]
    return [Coding(s, c, d, d) for s, c, d in codings(resource)] if resource else []


def _coded(coded: dict[str, Any]) -> list[Coding]:
    """The server's codes; the first carries its text in the reader's language, if known."""
    raw_text = coded.get("text")
    text: dict[str, Any] = raw_text if isinstance(raw_text, dict) else {}
    found = []
    for index, item in enumerate(c for c in coded.get("codings") or [] if isinstance(c, dict)):
        original = _text(item, "display") or _text(text, "original") or _text(item, "code")
        shown = (_text(text, "translation") or original) if index == 0 else original
        found.append(Coding(_text(item, "system"), _text(item, "code"), shown, original))
    return found


def translated(body: dict[str, Any]) -> str:
    """The coded text in the reader's language, with the sender's words when they differ."""
    coded = body.get("coded")
    text = coded.get("text") if isinstance(coded, dict) else None
    display = _text(body, "display")
    if isinstance(text, dict) and _text(text, "translation"):
        original = _text(text, "original")
        return f"{text['translation']} ({original})" if original else str(text["translation"])
    return display


def _original_text(body: dict[str, Any], resource: dict[str, Any]) -> str:
    text = _text(body, "original_text")
    if text:
        return text
    narrative = resource.get("text")
    return _text(narrative, "div") if isinstance(narrative, dict) else ""


@dataclass(frozen=True)
class SummaryItem:
    id: str
    display: str
    detail: str  # severity, dose and frequency, value: one line
    hospital: str
    date: str
    severity: str = ""  # allergies: the worst criticality or reaction severity

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> SummaryItem:
        entry = TimelineEntry.from_json(body)
        return cls(
            entry.id,
            translated(body) or entry.display,
            _text(body, "detail", "dose", "value", "status_label"),
            entry.hospital,
            entry.date,
            _text(body, "severity", "criticality"),
        )


@dataclass(frozen=True)
class Summary:
    sections: dict[str, list[SummaryItem]]

    @classmethod
    def from_json(cls, body: Any) -> Summary:
        sections = body.get("sections", body) if isinstance(body, dict) else body
        if isinstance(sections, list):  # [{"key": ..., "entries": [...]}, ...]
            sections = {
                _text(s, "key", "section", "code"): s.get("entries") or s.get("items") or []
                for s in sections
                if isinstance(s, dict)
            }
        parsed: dict[str, list[SummaryItem]] = {key: [] for key in SUMMARY_SECTIONS}
        for name, items in (sections or {}).items():
            if isinstance(items, list):
                parsed.setdefault(section_key(name), []).extend(
                    SummaryItem.from_json(i) for i in items if isinstance(i, dict)
                )
        return cls(parsed)
