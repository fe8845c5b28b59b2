"""After registering: confirm the email address with the link the server sent."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class VerifyScreen(AppScreen):
    def submit(self) -> None:
        self.vms.signup.verify(self.ids.link.text)

    def to_signin(self) -> None:
        self.vms.session.email = self.vms.signup.form.get("email", "")
        self.vms.session.stage = "signin"
