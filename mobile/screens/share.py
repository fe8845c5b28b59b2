"""Share: the big "Show QR", then my links — active ones with who opened them, past ones."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import button, caption, text

load_kv(__file__)


class ShareScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.shares.bind(active=self._draw, past=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def on_enter(self, *_args: Any) -> None:
        self.vms.shares.mark_seen()

    def _draw(self, *_args: Any) -> None:
        shares = self.vms.shares
        for box, rows in ((self.ids.active, shares.active), (self.ids.past, shares.past)):
            box.clear_widgets()
            for share in rows:
                box.add_widget(self._card(share))

    def _card(self, share: dict[str, Any]) -> Card:
        shares = self.vms.shares
        card = Card(tone="plain" if share["status"] == "active" else "offline")
        card.add_widget(text(shares.title(share), bold=True))
        if share["label"]:
            card.add_widget(caption(shares.what(share)))
        card.add_widget(text(shares.opened_line(share)))
        card.add_widget(caption(shares.state_line(share)))
        card.add_widget(button(tr._("shares.details"), lambda: self.open(share), style="quiet"))
        return card

    def new_share(self) -> None:
        self.vms.share_new.start()
        self.router.go("share_new")

    def open(self, share: dict[str, Any]) -> None:
        self.vms.shares.open(share["share_id"])
        self.router.go("share_detail")
