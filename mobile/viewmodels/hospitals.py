"""Linked hospitals: the list, removing one, and the code to show at a hospital desk.

A link code is made only online (the server must know it); removing a link offline is queued
and the row shows it as waiting, because the person's intent ("stop this hospital") must not
be lost on a bad connection.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import ListProperty, NumericProperty, ObjectProperty, StringProperty

from mobile.viewmodels.base import DataViewModel
from shared.api.models import LinkCode


class HospitalsViewModel(DataViewModel):
    cache_name = "links"
    links = ListProperty([])  # dicts: link_id, hospital, country, status, linked_at, documents
    code = StringProperty("")
    qr_png = ObjectProperty(b"", allownone=True)
    seconds_left = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._expires: dt.datetime | None = None

    def fetch(self) -> Any:
        return [
            {
                "link_id": link.id,
                "hospital": link.hospital,
                "country": link.country,
                "status": link.status,
                "linked_at": link.linked_at[:10],
                "documents": link.documents,
                "organization_id": link.organization_id,
                "pending": False,
            }
            for link in self.ctx.client.links()
        ]

    def apply(self, data: Any) -> None:
        queued = self._queued_removals()
        self.links = [
            {**link, "pending": link["link_id"] in queued}
            for link in data
            if link["status"] == "active"
        ]

    def _queued_removals(self) -> set[str]:
        outbox = self.ctx.store.outbox
        actions = outbox.pending() if outbox else []
        return {a.params["link_id"] for a in actions if a.kind == "link.revoke"}

    def revoke(self, link_id: str) -> None:
        def done(_result: object) -> None:
            self.links = [link for link in self.links if link["link_id"] != link_id]
            self.ctx.store.write(self.cache_name, list(self.links))

        def offline() -> None:
            connection = self.ctx.connection
            if connection is not None and connection.queue("link.revoke", link_id=link_id):
                self.links = [
                    {**link, "pending": link["pending"] or link["link_id"] == link_id}
                    for link in self.links
                ]
            else:
                self.error = self.t("error.offline_action")

        self.call(lambda: self.ctx.client.revoke_link(link_id), done, offline)

    # -- the link code --------------------------------------------------------------------

    def make_code(self) -> None:
        self.code, self.qr_png = "", b""
        self.call(self.ctx.client.create_link_code, self._show_code)

    def _show_code(self, code: LinkCode) -> None:
        self.code, self.qr_png = code.code, code.qr_png
        self._expires = _parse_time(code.expires_at)
        self.tick()

    def tick(self) -> None:
        """Counts down once a second while a code is showing; clears it when it expires."""
        if self._expires is None:
            return
        left = int((self._expires - dt.datetime.now(dt.UTC)).total_seconds())
        self.seconds_left = max(left, 0)
        if left <= 0:
            self.code, self.qr_png, self._expires = "", b"", None
            return
        self.ctx.tasks.later(1.0, self.tick)

    def close_code(self) -> None:
        self.code, self.qr_png, self._expires, self.seconds_left = "", b"", None, 0


def _parse_time(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
