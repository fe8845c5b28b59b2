"""Linked hospitals: each with what it sent, and "Remove"; the way to make a link code."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card, Tappable
from mobile.widgets.text import AppLabel

load_kv(__file__)


class HospitalsScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.hospitals.bind(links=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box = self.ids.links
        box.clear_widgets()
        for link in self.vms.hospitals.links:
            card = Card()
            card.add_widget(AppLabel(text=link["hospital"], bold=True, font_size="17sp"))
            card.add_widget(
                AppLabel(
                    text=tr._("hospitals.since", date=link["linked_at"], count=link["documents"]),
                    font_size="13sp",
                )
            )
            if link["pending"]:
                card.add_widget(AppLabel(text=tr._("hospitals.removal_queued"), font_size="13sp"))
            else:
                remove = Tappable(text=tr._("hospitals.remove"), style="danger")
                remove.bind(on_release=lambda _b, i=link["link_id"]: self.vms.hospitals.revoke(i))
                card.add_widget(remove)
            box.add_widget(card)

    def make_code(self) -> None:
        self.vms.hospitals.make_code()
        self.router.go("linkcode")
