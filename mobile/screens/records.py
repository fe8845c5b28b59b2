"""Records: the timeline in a RecycleView (only visible rows get widgets), section chips,
and pull-to-refresh (drag the list down past its top)."""

from __future__ import annotations

from typing import Any

from kivy.metrics import dp

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.viewmodels.timeline import FILTERS
from mobile.widgets.common import Tappable

load_kv(__file__)

PULL = 0.06  # how far past the top (as a share of the list) counts as "pull to refresh"


class RecordsScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.timeline.bind(rows=self._rows, filter=self._chips)
        tr.bind(language=self._chips)
        self._rows()
        self._chips()

    def on_enter(self, *_args: Any) -> None:
        self.vms.timeline.mark_seen()

    def _rows(self, *_args: Any) -> None:
        header, row = dp(32), dp(72)
        self.ids.list.data = [
            {**r, "opener": self.open, "size": (0, header if "month" in r else row)}
            for r in self.vms.timeline.rows
        ]

    def _chips(self, *_args: Any) -> None:
        chips = self.ids.chips
        chips.clear_widgets()
        for name in FILTERS:
            chip = Tappable(
                text=tr._(f"filter.{name}"),
                style="chip",
                selected=self.vms.timeline.filter == name,
                size_hint_x=None,
                wrap=False,
            )
            chip.bind(texture_size=lambda c, s: setattr(c, "width", s[0] + 32))
            chip.bind(on_release=lambda _c, n=name: self.vms.timeline.set_filter(n))
            chips.add_widget(chip)

    def open(self, record_id: str) -> None:
        self.vms.record.open(record_id)
        self.router.go("record")

    def scrolled(self, scroll_y: float) -> None:
        if scroll_y > 1 + PULL and not self.vms.sync.syncing:
            self.vms.sync.sync_now()
