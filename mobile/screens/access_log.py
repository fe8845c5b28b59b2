"""Who accessed my record: each read and each refusal, newest first, new ones marked."""

from __future__ import annotations

from typing import Any

from mobile.format import local_time
from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import DANGER, caption, text

load_kv(__file__)


class AccessLogScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.access_log.bind(entries=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def on_leave(self, *_args: Any) -> None:
        self.vms.access_log.mark_seen()  # marked "new" while looked at, seen once left

    def _draw(self, *_args: Any) -> None:
        box, vm = self.ids.entries, self.vms.access_log
        box.clear_widgets()
        for entry in vm.entries:
            denied = entry["outcome"] != "success"
            card = Card(tone="info" if vm.is_new(entry) else "plain")
            if vm.is_new(entry):
                card.add_widget(caption(tr._("access_log.new"), bold=True))
            card.add_widget(text(entry["description"] or entry["who"]))
            card.add_widget(caption(local_time(entry["at"])))
            if denied:
                reason = tr.maybe(f"reason.{entry['reason']}")
                card.add_widget(caption(tr._("access_log.refused", reason=reason), color=DANGER))
            box.add_widget(card)
