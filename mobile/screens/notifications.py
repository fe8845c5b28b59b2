"""What arrived, newest first; a new link asks "was this you?" until answered."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card, Tappable
from mobile.widgets.text import AppLabel

load_kv(__file__)


class NotificationsScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.notifications.bind(items=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box = self.ids.entries
        box.clear_widgets()
        for item in self.vms.notifications.items:
            box.add_widget(self._card(item))

    def _card(self, item: dict[str, Any]) -> Card:
        card = Card(tone="plain" if item["read"] else "info")
        card.add_widget(AppLabel(text=item["title"], bold=True))
        card.add_widget(AppLabel(text=item["body"]))
        card.add_widget(AppLabel(text=item["created_at"], font_size="13sp"))
        vm, key = self.vms.notifications, item["notification_id"]
        if item["kind"] == "link.created" and not item["read"]:
            yes = Tappable(text=tr._("link.confirm_yes"))
            yes.bind(on_release=lambda *_: vm.confirm_link(key))
            no = Tappable(text=tr._("link.confirm_no"), style="danger")
            no.bind(on_release=lambda *_: vm.reject_link(key))
            card.add_widget(yes)
            card.add_widget(no)
        if item.get("consultation"):
            view = Tappable(text=tr._("followup.open"), style="quiet")
            view.bind(on_release=lambda *_: self.open_request(item["consultation"]))
            card.add_widget(view)
        if not item["read"] and item["kind"] != "link.created":
            seen = Tappable(text=tr._("notifications.mark_read"), style="quiet")
            seen.bind(on_release=lambda *_: vm.mark_read(key))
            card.add_widget(seen)
        return card

    def open_request(self, consultation_id: str) -> None:
        self.vms.thread.open(consultation_id)
        self.router.go("thread")
