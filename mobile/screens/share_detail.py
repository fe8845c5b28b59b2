"""One link: what it holds, until when, and every attempt to open it (name, time, outcome)."""

from __future__ import annotations

from typing import Any

from mobile.format import local_time
from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import DANGER, button, caption, heading, text

load_kv(__file__)


class ShareDetailScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.shares.bind(detail=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        box, shares = self.ids.body, self.vms.shares
        share = shares.detail
        box.clear_widgets()
        if not share:
            return
        box.add_widget(text(shares.title(share), bold=True, font_size="22sp"))
        box.add_widget(caption(shares.what(share)))
        box.add_widget(text(shares.state_line(share)))
        country = tr.maybe(f"country.{share['country']}", share["country"])
        box.add_widget(caption(tr._("shares.country", country=country)))
        if share["passcode"]:
            box.add_widget(caption(tr._("shares.attempts_left", count=share["attempts_left"])))
        box.add_widget(heading(tr._("shares.accesses")))
        if not share["accesses"]:
            box.add_widget(caption(tr._("shares.not_opened")))
        for access in share["accesses"]:
            box.add_widget(self._access(access))
        if share["status"] == "active" and not share["pending"]:
            box.add_widget(button(tr._("shares.revoke"), self.revoke, style="danger"))
            box.add_widget(caption(tr._("shares.revoke_note")))

    def _access(self, access: dict[str, Any]) -> Card:
        card = Card()
        card.add_widget(text(access["recipient"] or tr._("shares.no_name"), bold=True))
        card.add_widget(caption(local_time(access["at"])))
        if access["outcome"] != "success":
            reason = tr.maybe(f"reason.{access['reason']}")
            card.add_widget(caption(tr._("shares.refused", reason=reason), color=DANGER))
        return card

    def revoke(self) -> None:
        self.vms.shares.revoke(self.vms.shares.detail["share_id"])
