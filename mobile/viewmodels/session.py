"""Where the person is in the app's life: choosing a language, signing in, setting or entering
the PIN, using the app. `stage` drives which screens the app shows.

Only patients sign in here: staff accounts belong to the staff console, so a staff login is
ended at once and refused with a message.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from kivy.properties import NumericProperty, OptionProperty, StringProperty

from mobile.offline.vault import MIN_PIN, VaultWiped, WrongPin
from mobile.viewmodels.base import Context, ViewModel
from shared.api import Offline, TokenPair
from shared.api.models import Profile

REFRESH = "refresh_token"
STAGES = ("language", "signin", "signup", "verify", "set_pin", "unlock", "home")


class SessionViewModel(ViewModel):
    stage = OptionProperty("language", options=STAGES)
    email = StringProperty("")
    name = StringProperty("")
    attempts_left = NumericProperty(5)

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.profile: Profile | None = None
        ctx.on_expired.append(self.expired)
        ctx.client.tokens.listener = self._tokens_changed

    def start(self, language_chosen: bool) -> None:
        """At launch: the PIN screen if a vault exists, else language or sign-in."""
        if self.ctx.store.vault.exists:
            self.attempts_left = self.ctx.store.vault.attempts_left()
            self.stage = "unlock"
        else:
            self.stage = "signin" if language_chosen else "language"

    def _tokens_changed(self, pair: TokenPair | None) -> None:
        self.ctx.secrets.save(REFRESH, pair.refresh if pair else None)

    # -- signing in -----------------------------------------------------------------------

    def login(self, email: str, password: str) -> None:
        if not email.strip() or not password:
            self.error = self.t("signin.missing")
            return
        self.email = email.strip()
        client = self.ctx.client

        def work() -> Profile:
            client.login(self.email, password)
            return client.me()

        self.call(work, self._signed_in)

    def _signed_in(self, profile: Profile) -> None:
        if profile.role != "patient":
            self.ctx.tasks.run(self.ctx.client.logout, lambda _r: None, lambda _e: None)
            self.error = self.t("signin.patients_only")
            return
        self.profile, self.name = profile, profile.name
        if self.ctx.store.is_open:
            self.stage = "home"
        else:
            self.stage = "set_pin"

    # -- the PIN --------------------------------------------------------------------------

    def create_pin(self, pin: str, repeat: str) -> None:
        if len(pin) < MIN_PIN or not pin.isdigit():
            self.error = self.t("pin.too_short", digits=MIN_PIN)
            return
        if pin != repeat:
            self.error = self.t("pin.mismatch")
            return
        self.ctx.store.open(self.ctx.store.vault.create(pin))
        self._tokens_changed(self.ctx.client.tokens.pair)
        self.error, self.stage = "", "home"

    def unlock(self, pin: str) -> None:
        try:
            self.ctx.store.open(self.ctx.store.vault.unlock(pin))
        except WrongPin as wrong:
            self.attempts_left = wrong.attempts_left
            self.error = self.t("pin.wrong", left=wrong.attempts_left)
            return
        except VaultWiped:
            self.error = self.t("pin.wiped")
            self.stage = "signin"
            return
        refresh = self.ctx.secrets.load(REFRESH)
        if refresh is None:
            self.stage = "signin"
            return
        # The access token is not kept on disk: the first call refreshes it.
        self.ctx.client.tokens.set(TokenPair("", refresh, time.time() - 1))
        self.error, self.stage = "", "home"

    def lock(self) -> None:
        """Closes the cache and forgets the tokens in memory; the PIN opens both again."""
        if self.ctx.store.vault.exists:
            self.ctx.client.tokens.forget()
            self.ctx.store.close()
            self.stage = "unlock"

    # -- signing out ----------------------------------------------------------------------

    def logout(self) -> None:
        """Ends the session on the server when reachable; erases this device's copy always."""

        def work() -> None:
            # Offline, the server session lapses on its own; the local copy goes now.
            with contextlib.suppress(Offline):
                self.ctx.client.logout()

        self.call(work, lambda _r: self._erase(), offline=self._erase)

    def _erase(self) -> None:
        self.ctx.store.erase()
        self.profile, self.name = None, ""
        self.stage = "signin"

    def expired(self) -> None:
        self.error = self.t("signin.expired")
        self.stage = "signin"
