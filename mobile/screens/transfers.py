"""Sharing abroad: every transfer-abroad consent given (to whom, where, what, until when),
and withdrawing one."""

from __future__ import annotations

from typing import Any

from mobile.format import local_time
from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import button, caption, text

load_kv(__file__)


class TransfersScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.transfers.bind(consents=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box, vm = self.ids.consents, self.vms.transfers
        box.clear_widgets()
        for consent in vm.consents:
            card = Card(tone="offline" if consent["withdrawn"] else "plain")
            country = tr.maybe(f"country.{consent['country']}", consent["country"])
            card.add_widget(
                text(
                    tr._("transfers.to", recipient=consent["recipient"], country=country), bold=True
                )
            )
            card.add_widget(text(vm.items(consent)))
            period = tr._(
                "transfers.period",
                start=local_time(consent["starts_at"]),
                end=local_time(consent["expires_at"]),
            )
            card.add_widget(caption(period))
            if consent["withdrawn"]:
                card.add_widget(caption(tr._("transfers.was_withdrawn")))
            elif consent["pending"]:
                card.add_widget(caption(tr._("transfers.withdraw_queued")))
            else:
                withdraw = lambda c=consent: vm.withdraw(c["consent_id"])  # noqa: E731
                card.add_widget(button(tr._("transfers.withdraw"), withdraw, style="danger"))
            box.add_widget(card)
