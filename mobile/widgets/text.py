"""Text that renders in every language: a font per label, shaping for Thai, escaped markup.

Kivy has no glyph fallback, so each label picks its font from its own text and the app's
language (shared.fonts); a label no single font can draw (Thai next to Hangul) is cut into
runs, each wrapped in a `[font=...]` markup tag, with the text itself escaped first, so a
hospital's "[b]" or "&" is shown as written and never read as markup. Thai is shaped by
HarfBuzz inside Kivy's SDL2_ttf when the label's script is set to Thai.
"""

from __future__ import annotations

from typing import Any

from kivy.core.text import LabelBase
from kivy.properties import BooleanProperty
from kivy.uix.label import Label
from kivy.uix.textinput import TextInput
from kivy.utils import escape_markup

from mobile.i18n import tr
from shared import fonts

DEFAULT_FONT = "Roboto"


def register_fonts() -> None:
    for font in fonts.FONTS.values():
        LabelBase.register(font.key, fn_regular=str(font.path))


def font_name_for(text: str, language: str) -> str:
    font = fonts.font_for(text, language)
    return font.key if font is not None else DEFAULT_FONT


def markup_for(text: str, language: str) -> str:
    """Escaped text with a font tag per run, for labels no single font can draw."""
    return "".join(
        f"[font={font.key if font else DEFAULT_FONT}]{escape_markup(piece)}[/font]"
        for font, piece in fonts.runs(text, language)
    )


class AppLabel(Label):
    """A Label that chooses its own font. `text` stays exactly what was given."""

    wrap = BooleanProperty(True)  # wrap to the label's width (every language, no clipping)

    def __init__(self, **kwargs: Any) -> None:
        self._shown = self._source = ""
        super().__init__(**kwargs)
        tr.bind(language=self._refont)  # a weak reference: labels may come and go
        self.fbind("width", self._rewrap)
        self._refont()
        self._rewrap()

    def on_text(self, *_args: Any) -> None:
        if self.text != self._shown:  # new text from outside, not our own markup
            self._source = self.text
            self._refont()

    def _rewrap(self, *_args: Any) -> None:
        if self.wrap:
            self.text_size = (self.width, None)

    def _refont(self, *_args: Any) -> None:
        text, language = self._source, tr.language
        if fonts.font_for(text, language) is None and fonts.scripts_in(text):
            self._shown, self.markup = markup_for(text, language), True
        else:
            self._shown, self.markup = text, False
            self.font_name = font_name_for(text, language)
        self.font_script_name = "Thai" if fonts.needs_shaping(text) else "Latn"
        current: str = self.text  # type: ignore[has-type]  # a Kivy property
        if current != self._shown:
            self.text = self._shown


class AppInput(TextInput):
    """A text field whose font follows the language, so typed Hangul or Thai shows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        tr.bind(language=self._refont)  # a weak reference: labels may come and go
        self.fbind("text", self._refont)
        self._refont()

    def _refont(self, *_args: Any) -> None:
        self.font_name = font_name_for(self.text + self.hint_text, tr.language)
