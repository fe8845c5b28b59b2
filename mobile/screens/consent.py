"""One grant in plain words, its details (who, where, why, what, when), and "Revoke"."""

from __future__ import annotations

from typing import Any

from mobile.format import local_time
from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import button, caption, text

load_kv(__file__)


class ConsentScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.consents.bind(detail=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box, vm = self.ids.body, self.vms.consents
        grant = vm.detail
        box.clear_widgets()
        if not grant:
            return
        box.add_widget(text(vm.words(grant), bold=True, font_size="17sp"))
        card = Card()
        rows = [
            ("consent.who", vm.who(grant)),
            ("consent.country", tr.maybe(f"country.{grant['country']}", grant["country"])),
            ("consent.purpose", tr.maybe(f"purpose.{grant['purpose']}", grant["purpose"])),
            (
                "consent.what",
                vm.scope(grant) if grant["kind"] == "read" else tr._("consent.send_records"),
            ),
            ("consent.from", local_time(grant["starts_at"])),
            ("consent.until", local_time(grant["expires_at"]) or tr._("consent.no_end")),
            ("consent.status", vm.status(grant)),
        ]
        for key, value in rows:
            if value:
                card.add_widget(caption(tr._(key)))
                card.add_widget(text(value))
        box.add_widget(card)
        if grant["abroad"] and grant["kind"] == "read":
            box.add_widget(caption(tr._("consent.abroad")))
        if grant["pending"]:
            box.add_widget(text(tr._("consents.revoke_queued")))
        elif grant["status"] in ("active", "scheduled"):
            key = "consent.remove_link" if grant["kind"] == "push" else "consent.revoke"
            box.add_widget(button(tr._(key), self.revoke, style="danger"))
            box.add_widget(caption(tr._("consent.revoke_note")))

    def revoke(self) -> None:
        self.vms.consents.revoke(self.vms.consents.detail["grant_id"])
