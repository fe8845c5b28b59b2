"""Summary: new-link questions first, then the cards in UX.md's order (allergies first)."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card, Tappable
from mobile.widgets.text import AppLabel

load_kv(__file__)


class SummaryScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.summary.bind(cards=self._draw)
        self.vms.notifications.bind(confirmations=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        body = self.ids.cards
        body.clear_widgets()
        for item in self.vms.notifications.confirmations:
            body.add_widget(self._confirmation(item))
        for card in self.vms.summary.cards:
            body.add_widget(self._card(card))

    def _confirmation(self, item: dict[str, Any]) -> Card:
        card = Card(tone="info")
        card.add_widget(AppLabel(text=tr._("link.confirm", hospital=item["hospital"]), bold=True))
        card.add_widget(AppLabel(text=item["created_at"], font_size="13sp"))
        notifications, key = self.vms.notifications, item["notification_id"]
        yes = Tappable(text=tr._("link.confirm_yes"))
        yes.bind(on_release=lambda *_: notifications.confirm_link(key))
        no = Tappable(text=tr._("link.confirm_no"), style="danger")
        no.bind(on_release=lambda *_: notifications.reject_link(key))
        card.add_widget(yes)
        card.add_widget(no)
        return card

    def _card(self, card: dict[str, Any]) -> Card:
        section, items = card["section"], card["items"]
        warning = section == "allergies" and bool(items)
        widget = Card(tone="warning" if warning else "plain")
        widget.add_widget(AppLabel(text=tr._(f"section.{section}"), bold=True, font_size="17sp"))
        if not items:
            widget.add_widget(AppLabel(text=tr._("summary.none"), color=(0.35, 0.39, 0.45, 1)))
        for item in items:
            widget.add_widget(self._item(item, warning))
        return widget

    def _item(self, item: dict[str, Any], warning: bool) -> AppLabel:
        parts = [item["display"]]
        if item.get("severity"):
            parts.append(tr._("summary.severity", level=item["severity"]))
        if item.get("detail"):
            parts.append(item["detail"])
        source = " · ".join(p for p in (item.get("hospital"), item.get("date")) if p)
        text = " — ".join(parts) + (f"\n{source}" if source else "")
        colour = (0.70, 0.15, 0.12, 1) if warning else (0.11, 0.14, 0.19, 1)
        return AppLabel(text=text, color=colour)
