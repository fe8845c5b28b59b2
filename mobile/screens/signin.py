"""Sign in (patients only), or go to create an account."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class SignInScreen(AppScreen):
    def submit(self) -> None:
        self.vms.session.login(self.ids.email.text, self.ids.password.text)
        self.ids.password.text = ""

    def create_account(self) -> None:
        self.vms.session.error = ""
        self.vms.signup.step = "form"
        self.vms.session.stage = "signup"
