"""Translations in kv files that follow a language switch at once, without a restart.

`text: tr._("summary.title")` in kv binds to `tr._`; switching the language calls every such
binding again (the pattern of Kivy's own i18n example). Messages come from shared.i18n.
"""

from __future__ import annotations

from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import StringProperty

from shared import i18n


class Translator(EventDispatcher):
    language = StringProperty(i18n.DEFAULT)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._observers: list[tuple[Any, Any, Any]] = []

    def _(self, key: str, **params: object) -> str:
        return i18n.translate(key, self.language, **params)

    def maybe(self, key: str, fallback: str = "", **params: object) -> str:
        """The text for a key built from data (a country, a refusal reason), or `fallback`
        when the catalogue has no such key."""
        return i18n.translate(key, self.language, **params) if i18n.known(key) else fallback

    def fbind(self, name: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "_":
            self._observers.append((func, args, kwargs))
            return None
        return super().fbind(name, func, *args, **kwargs)

    def funbind(self, name: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "_":
            key = (func, args, kwargs)
            if key in self._observers:
                self._observers.remove(key)
            return None
        return super().funbind(name, func, *args, **kwargs)

    def on_language(self, _instance: object, _value: str) -> None:
        for func, args, _kwargs in list(self._observers):
            func(args[0] if args else None, None, None)


tr = Translator()
