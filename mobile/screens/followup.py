"""Follow-up: "Ask a hospital" first, then my requests with their state."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import button, caption, text

load_kv(__file__)


class FollowupScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.consultations.bind(requests=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box, vm = self.ids.requests, self.vms.consultations
        box.clear_widgets()
        for row in vm.requests:
            card = Card()
            card.add_widget(text(row["hospital"], bold=True))
            card.add_widget(text(vm.state_words(row["state"])))
            card.add_widget(caption(vm.line(row)))
            card.add_widget(
                button(tr._("followup.open"), lambda r=row: self.open(r), style="quiet")
            )
            box.add_widget(card)

    def new_request(self) -> None:
        self.vms.followup_new.start()
        self.router.go("followup_new")

    def open(self, row: dict[str, Any]) -> None:
        self.vms.thread.open(row["consultation_id"])
        self.router.go("thread")
