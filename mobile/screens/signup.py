"""The registration form: what the server needs, with the person's language preset."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)

FIELDS = ("email", "password", "name", "birth_date", "country")


class SignUpScreen(AppScreen):
    def on_pre_enter(self, *_args: object) -> None:
        defaults = self.vms.signup.defaults()
        if not self.ids.country.text:
            self.ids.country.text = defaults["country"]

    def submit(self) -> None:
        values = {name: self.ids[name].text for name in FIELDS}
        self.vms.signup.submit_form(**values)

    def cancel(self) -> None:
        self.vms.signup.error = ""
        self.vms.session.stage = "signin"
