"""One record: readable fields first, then codes with the original text, then source and
versions. Also where a record is hidden, shown again, or questioned (a correction request).

Hide, unhide and corrections taken offline are queued and shown as waiting; they reach the
server on the next successful contact (mobile/offline/outbox.py).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, StringProperty

from mobile.viewmodels.base import Context, ViewModel
from mobile.viewmodels.timeline import TimelineViewModel
from shared.api.records import RecordDetail


class RecordViewModel(ViewModel):
    detail = DictProperty({}, rebind=True)  # rebind: kv reads it as `detail.get(...)`
    record_id = StringProperty("")
    stale = BooleanProperty(False)
    notice = StringProperty("")  # "hidden", "sent", "queued" confirmations

    def __init__(self, ctx: Context, timeline: TimelineViewModel, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.timeline = timeline

    def open(self, record_id: str) -> None:
        self.record_id, self.notice = record_id, ""
        cached = self.ctx.store.read(self._name(record_id))
        self.detail = cached or self._from_timeline(record_id)
        self.stale = cached is not None
        self.call(
            lambda: detail_view(self.ctx.client.record(record_id)),
            self._fetched,
            offline=lambda: None,
        )

    def _name(self, record_id: str) -> str:
        return f"record:{record_id}"

    def _from_timeline(self, record_id: str) -> dict[str, Any]:
        """The row's own fields, so something readable shows before the detail arrives."""
        for entry in self.timeline.entries:
            if entry["record_id"] == record_id:
                return {**entry, "fields": [], "codes": [], "versions": [], "original_text": ""}
        return {}

    def _fetched(self, view: dict[str, Any]) -> None:
        self.ctx.store.write(self._name(view["record_id"]), view)
        if view["record_id"] == self.record_id:
            self.detail, self.stale = view, False

    def set_hidden(self, hidden: bool) -> None:
        record_id = self.record_id

        def done(_result: object) -> None:
            self._hidden_locally(record_id, hidden)
            self.notice = self.t("record.hidden" if hidden else "record.shown")

        def offline() -> None:
            if self._queue("record.hide", record_id=record_id, hidden=hidden):
                self._hidden_locally(record_id, hidden)

        self.call(lambda: self.ctx.client.set_hidden(record_id, hidden), done, offline)

    def _hidden_locally(self, record_id: str, hidden: bool) -> None:
        self.detail = {**self.detail, "hidden": hidden}
        self.ctx.store.write(self._name(record_id), dict(self.detail))
        self.timeline.mark_hidden(record_id, hidden)

    def request_correction(self, message: str) -> None:
        message = message.strip()
        if len(message) < 5:
            self.error = self.t("correction.too_short")
            return
        record_id = self.record_id
        self.call(
            lambda: self.ctx.client.request_correction(record_id, message),
            lambda _r: setattr(self, "notice", self.t("correction.sent")),
            lambda: self._queue("record.correction", record_id=record_id, message=message),
        )

    def _queue(self, kind: str, **params: Any) -> bool:
        connection = self.ctx.connection
        if connection is not None and connection.queue(kind, **params):
            self.notice = self.t("outbox.queued")
            return True
        self.error = self.t("error.offline_action")
        return False


def detail_view(detail: RecordDetail) -> dict[str, Any]:
    entry = detail.entry
    return {
        "record_id": entry.id,
        "display": entry.display,
        "date": entry.date,
        "hospital": entry.hospital,
        "section": entry.section,
        "resource_type": entry.resource_type,
        "status": entry.status,
        "hidden": entry.hidden,
        "fields": [list(pair) for pair in detail.fields],
        "codes": [
            {"system": c.system, "code": c.code, "display": c.display, "original": c.original}
            for c in detail.codes
        ],
        "original_text": detail.original_text,
        "versions": [
            {"number": v.number, "received": v.received, "current": v.current}
            for v in detail.versions
        ],
    }
