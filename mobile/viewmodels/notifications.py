"""What arrived (new links; follow-up replies, proposed times and reminders), with the badges.

A new hospital link is a security event: until the person says "yes, that was me" or "no,
remove it", it stays on the summary as a question (`confirmations`).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, NumericProperty

from mobile.viewmodels.base import Context, DataViewModel
from mobile.viewmodels.hospitals import HospitalsViewModel


class NotificationsViewModel(DataViewModel):
    cache_name = "notifications"
    items = ListProperty([])
    unread = NumericProperty(0)
    confirmations = ListProperty([])  # unread link.created items, asked about on Summary
    follow_up = NumericProperty(0)  # unread consultation.* items: the Follow-up tab's badge

    def __init__(self, ctx: Context, hospitals: HospitalsViewModel, **kwargs: Any) -> None:
        super().__init__(ctx=ctx, **kwargs)
        self.hospitals = hospitals
        self._announced: set[str] | None = None

    def fetch(self) -> Any:
        _unread, items = self.ctx.client.notifications()
        return [
            {
                "notification_id": n.id,
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "created_at": n.created_at[:16].replace("T", " "),
                "read": n.read,
                "link_id": str(n.data.get("link_id", "")),
                "hospital": str(n.data.get("hospital", "")),
                "consultation": str(n.data.get("consultation", "")),
            }
            for n in items
        ]

    def apply(self, data: Any) -> None:
        self.items = list(data)
        self._count()
        self._announce()

    def _count(self) -> None:
        self.unread = sum(1 for item in self.items if not item["read"])
        self.follow_up = sum(
            1
            for item in self.items
            if not item["read"] and str(item["kind"]).startswith("consultation.")
        )
        self.confirmations = [
            item for item in self.items if item["kind"] == "link.created" and not item["read"]
        ]

    def _announce(self) -> None:
        """Shows a banner for items that arrived since the app last looked (not on first run)."""
        unread = {item["notification_id"] for item in self.items if not item["read"]}
        if self._announced is not None:
            for item in self.items:
                if item["notification_id"] in unread - self._announced:
                    self.ctx.notifier.notify(item["title"], item["body"])
        self._announced = unread

    def mark_read(self, notification_id: str) -> None:
        self.items = [
            {**item, "read": item["read"] or item["notification_id"] == notification_id}
            for item in self.items
        ]
        self._count()
        self.ctx.store.write(self.cache_name, list(self.items))
        self.call(
            lambda: self.ctx.client.mark_notification_read(notification_id),
            lambda _r: None,
            lambda: (
                self.ctx.connection
                and self.ctx.connection.queue("notification.read", notification_id=notification_id)
            ),
        )

    def confirm_link(self, notification_id: str) -> None:
        self.mark_read(notification_id)

    def reject_link(self, notification_id: str) -> None:
        """ "No, remove it": the link goes (or is queued to go) and the question is answered."""
        item = next(i for i in self.items if i["notification_id"] == notification_id)
        if item["link_id"]:
            self.hospitals.revoke(item["link_id"])
        self.mark_read(notification_id)
