"""Who can see my records: every grant in plain words, standing ones first, and the way to
give a hospital access."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import button, caption, text

load_kv(__file__)


class ConsentsScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.consents.bind(grants=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box, vm = self.ids.grants, self.vms.consents
        box.clear_widgets()
        for grant in vm.grants:
            standing = grant["status"] in ("active", "scheduled")
            card = Card(tone="plain" if standing else "offline")
            card.add_widget(text(vm.words(grant)))
            line = vm.status(grant)
            if grant["pending"]:
                line = tr._("consents.revoke_queued")
            card.add_widget(caption(line))
            card.add_widget(
                button(tr._("consents.details"), lambda g=grant: self.open(g), style="quiet")
            )
            box.add_widget(card)

    def open(self, grant: dict[str, Any]) -> None:
        self.vms.consents.open(grant["grant_id"])
        self.router.go("consent")

    def give(self) -> None:
        self.vms.consents.start_new()
        self.router.go("grant_new")
