"""The PIN: set after the first sign-in, asked at every launch; it opens the local copy."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class PinScreen(AppScreen):
    def submit(self) -> None:
        session = self.vms.session
        if session.stage == "set_pin":
            session.create_pin(self.ids.pin.text, self.ids.repeat.text)
        else:
            session.unlock(self.ids.pin.text)
        self.ids.pin.text = self.ids.repeat.text = ""
