"""The app's language: chosen first, changeable in Me without a restart.

The choice is kept in a small preferences file in clear (a language is not health data and is
needed before the PIN opens anything); the account's preferred language follows when online,
so texts made on the server (notifications, hospital names) arrive in it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from mobile.viewmodels.base import Context, ViewModel
from shared import i18n


class SettingsViewModel(ViewModel):
    language = StringProperty(i18n.DEFAULT)
    chosen = BooleanProperty(False)  # the person has picked a language at least once

    def __init__(self, ctx: Context, prefs: Path, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.prefs = prefs
        saved = self._read().get("language")
        if saved in i18n.CODES:
            self.chosen = True
            self._apply(saved)

    def languages(self) -> list[tuple[str, str]]:
        return list(i18n.LANGUAGES)

    def choose(self, language: str, *, signed_in: bool = False) -> None:
        if language not in i18n.CODES:
            raise ValueError(language)
        self._apply(language)
        self.chosen = True
        self._write({"language": language})
        if signed_in:
            self.call(
                lambda: self.ctx.client.update_me(preferred_language=language),
                lambda _profile: None,
                offline=lambda: (
                    self.ctx.connection
                    and self.ctx.connection.queue("profile.language", language=language)
                ),
            )

    def _apply(self, language: str) -> None:
        self.ctx.language = language
        self.ctx.client.language = language
        self.language = language

    def _read(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.prefs.read_text()))
        except (FileNotFoundError, ValueError):
            return {}

    def _write(self, values: dict[str, Any]) -> None:
        self.prefs.parent.mkdir(parents=True, exist_ok=True)
        self.prefs.write_text(json.dumps({**self._read(), **values}))
