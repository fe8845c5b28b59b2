"""One legal agreement per screen: its title, its whole text, agree or (if optional) skip."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, NumericProperty

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class AgreementScreen(AppScreen):
    index = NumericProperty(0)
    agreement = DictProperty({}, rebind=True)  # rebind: kv reads `agreement.get(...)`

    def on_pre_enter(self, *_args: Any) -> None:
        agreements = self.vms.signup.agreements
        if self.index < len(agreements):
            self.agreement = agreements[self.index]
        self.ids.scroll.scroll_y = 1
