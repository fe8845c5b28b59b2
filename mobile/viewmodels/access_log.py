"""Who accessed my record: every read by someone else, and every refusal, newest first.

The badge counts entries the person has not seen yet (ids kept in the sealed cache), so
"a hospital read my record last night" is noticed on the Me tab without push.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty

from mobile.viewmodels.base import DataViewModel
from shared.api.consent import AccessEntry

SEEN = "access_log_seen"


def entry_view(entry: AccessEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.id,
        "at": entry.at,
        "outcome": entry.outcome,
        "who_type": entry.who_type,
        "who": entry.who_name,
        "country": entry.country,
        "items": list(entry.items),
        "reason": entry.reason,
        "description": entry.description,
    }


class AccessLogViewModel(DataViewModel):
    cache_name = "access_log"
    entries = ListProperty([])
    new_count = NumericProperty(0)  # the badge
    more = BooleanProperty(False)  # older entries wait on the server

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._seen: set[str] | None = None
        self._before: str | None = None

    def fetch(self) -> Any:
        page = self.ctx.client.access_log()
        return {"entries": [entry_view(e) for e in page.entries], "before": page.before}

    def apply(self, data: Any) -> None:
        self.entries = list(data["entries"])
        self._before = data.get("before")
        self.more = bool(self._before)
        ids = {e["entry_id"] for e in self.entries}
        if self._seen is None:
            self._seen = set(self.ctx.store.read(SEEN, []) or ids)
        self.new_count = len(ids - self._seen)

    def is_new(self, entry: dict[str, Any]) -> bool:
        return self._seen is not None and entry["entry_id"] not in self._seen

    def mark_seen(self) -> None:
        self._seen = (self._seen or set()) | {e["entry_id"] for e in self.entries}
        self.ctx.store.write(SEEN, sorted(self._seen))
        self.new_count = 0

    def load_more(self) -> None:
        before = self._before
        if not before:
            return
        self.call(lambda: self.ctx.client.access_log(before=before), self._more)

    def _more(self, page: Any) -> None:
        self.entries = [*self.entries, *(entry_view(e) for e in page.entries)]
        self._before = page.before
        self.more = bool(page.before)
