"""Me: profile, linked hospitals, who can see my records, who accessed them, sharing abroad,
notifications, language, devices, exports, lock, sign out."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class MeScreen(AppScreen):
    def lock(self) -> None:
        self.vms.session.lock()

    def sign_out(self) -> None:
        self.vms.session.logout()
