"""Language first: the six languages, each written in itself."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty

from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Tappable

load_kv(__file__)


class LanguageScreen(AppScreen):
    from_settings = BooleanProperty(False)  # opened from Me: go back instead of on

    def on_kv_post(self, _base: Any) -> None:
        for code, name in self.vms.settings.languages():
            button = Tappable(text=name, style="quiet")
            button.bind(on_release=lambda _b, c=code: self.pick(c))
            self.ids.choices.add_widget(button)

    def pick(self, code: str) -> None:
        signed_in = self.vms.session.stage == "home"
        self.vms.settings.choose(code, signed_in=signed_in)
        if signed_in:
            self.vms.sync.sync_now()  # server texts (notifications, names) in the new language
            self.router.back()
        else:
            self.vms.session.stage = "signin"
