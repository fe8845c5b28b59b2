"""The timeline: every record, newest first, grouped by month, filtered by section.

`rows` is what the RecycleView shows: month headers and records in one flat list, so 5,000
records cost 5,000 small dicts and only the visible rows get widgets.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from mobile.viewmodels.base import DataViewModel
from shared.api.records import TimelineEntry

FILTERS = (
    "all",
    "allergies",
    "medications",
    "problems",
    "results",
    "immunizations",
    "procedures",
    "documents",
)
SECTION_ICONS = {
    "allergies": "allergy",
    "medications": "medication",
    "problems": "problem",
    "results": "result",
    "immunizations": "immunization",
    "procedures": "procedure",
}


class TimelineViewModel(DataViewModel):
    cache_name = "timeline"
    rows = ListProperty([])
    filter = StringProperty("all")
    show_hidden = BooleanProperty(False)
    count = NumericProperty(0)
    new_since_seen = NumericProperty(0)  # the Records tab's badge

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: list[dict[str, Any]] = []
        self._seen: set[str] | None = None

    def fetch(self) -> Any:
        client, cursor = self.ctx.client, None
        entries: list[dict[str, Any]] = []
        while True:
            page = client.timeline(cursor=cursor)
            entries.extend(entry_view(e) for e in page.entries)
            if not page.next_cursor or not page.entries:
                return entries
            cursor = page.next_cursor

    def apply(self, data: Any) -> None:
        self.entries = sorted(data, key=lambda e: e.get("date", ""), reverse=True)
        ids = {e["record_id"] for e in self.entries}
        if self._seen is None:
            self._seen = set(self.ctx.store.read("timeline_seen", []) or ids)
        self.new_since_seen = len(ids - self._seen)
        self.count = len(self.entries)
        self._build_rows()

    def mark_seen(self) -> None:
        self._seen = {e["record_id"] for e in self.entries}
        self.ctx.store.write("timeline_seen", sorted(self._seen))
        self.new_since_seen = 0

    def set_filter(self, name: str) -> None:
        self.filter = name if name in FILTERS else "all"
        self._build_rows()

    def toggle_hidden(self) -> None:
        self.show_hidden = not self.show_hidden
        self._build_rows()

    def mark_hidden(self, record_id: str, hidden: bool) -> None:
        """Keeps the list (and its cache) in step with a hide or unhide done elsewhere."""
        for entry in self.entries:
            if entry["record_id"] == record_id:
                entry["hidden"] = hidden
        self.ctx.store.write(self.cache_name, self.entries)
        self._build_rows()

    def _keep(self, entry: dict[str, Any]) -> bool:
        if entry.get("hidden") and not self.show_hidden:
            return False
        section = entry.get("section") or ""
        if self.filter == "all":
            return True
        if self.filter == "documents":
            return section not in SECTION_ICONS
        return section == self.filter

    def _build_rows(self) -> None:
        rows: list[dict[str, Any]] = []
        month = None
        for entry in filter(self._keep, self.entries):
            date = entry.get("date") or ""
            if date[:7] != month:
                month = date[:7]
                rows.append({"viewclass": "MonthHeader", "month": month})
            icon = SECTION_ICONS.get(entry.get("section") or "", "document")
            rows.append({"viewclass": "TimelineRow", "icon": icon, **entry})
        self.rows = rows


def entry_view(entry: TimelineEntry) -> dict[str, Any]:
    """What a timeline row shows and the cache keeps: flat, JSON-able, no raw resource."""
    return {
        "record_id": entry.id,
        "display": entry.display,
        "date": entry.date,
        "hospital": entry.hospital,
        "section": entry.section,
        "resource_type": entry.resource_type,
        "status": entry.status,
        "hidden": entry.hidden,
    }
