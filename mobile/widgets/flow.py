"""Pieces the guided flows and lists draw from Python: wrapped chips, captions, image
thumbnails, and the transfer-abroad consent panel bound to a TransferStep view-model.

Every text goes into an AppLabel, which never reads markup from what it is given (a hospital's
or a recipient's "[b]" shows as typed).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from kivy.core.image import Image as CoreImage
from kivy.properties import ObjectProperty
from kivy.uix.image import Image
from kivy.uix.stacklayout import StackLayout

from mobile import theme
from mobile.i18n import tr
from mobile.widgets.common import Card, Tappable
from mobile.widgets.text import AppLabel

MUTED = theme.MUTED
DANGER = theme.DANGER


def text(value: str, **kwargs: Any) -> AppLabel:
    return AppLabel(text=value, **kwargs)


def heading(value: str) -> AppLabel:
    return AppLabel(text=value, bold=True, font_size=theme.HEADING)


def caption(value: str, **kwargs: Any) -> AppLabel:
    return AppLabel(text=value, font_size=theme.CAPTION, color=kwargs.pop("color", MUTED), **kwargs)


def button(
    value: str, action: Callable[[], Any], style: str = "primary", **kwargs: Any
) -> Tappable:
    tap = Tappable(text=value, style=style, **kwargs)
    tap.bind(on_release=lambda *_: action())
    return tap


def chips(
    options: Iterable[tuple[str, str]], selected: Iterable[str], pick: Callable[[str], Any]
) -> StackLayout:
    """Choices that wrap onto as many lines as the language needs."""
    chosen = set(selected)
    box = StackLayout(size_hint_y=None, spacing=theme.SPACE)
    box.bind(minimum_height=box.setter("height"))
    for key, label in options:
        chip = Tappable(
            text=label, style="chip", selected=key in chosen, size_hint_x=None, wrap=False
        )
        chip.bind(texture_size=lambda c, size: setattr(c, "width", size[0] + theme.SPACE * 4))
        chip.bind(on_release=lambda _c, k=key: pick(k))
        box.add_widget(chip)
    return box


def thumbnail(data: bytes, height: float | None = None) -> Image:
    """A photo from its bytes (never from a path the server named)."""
    image = Image(size_hint_y=None, height=height or theme.SPACE * 20, fit_mode="contain")
    try:
        kind = "png" if data.startswith(b"\x89PNG") else "jpg"
        image.texture = CoreImage(io.BytesIO(data), ext=kind).texture
    except Exception:  # a broken photo shows as nothing, not a crash
        image.height = 0
    return image


class TransferPanel(Card):
    """The transfer-abroad consent inside a flow: the text to read, "I agree", "No". Screens
    add it only while the step has something to show."""

    step = ObjectProperty(None)

    def __init__(self, step: Any, **kwargs: Any) -> None:
        super().__init__(tone="info", **kwargs)
        self.step = step
        step.bind(stage=self._draw, text=self._draw, error=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        self.clear_widgets()
        step = self.step
        if step.stage not in ("agreement", "consent"):
            return
        self.add_widget(caption(tr._(f"transfer.{step.stage}_intro", country=step.country)))
        self.add_widget(heading(step.title))
        self.add_widget(text(step.text))
        if step.error:
            self.add_widget(caption(step.error, color=DANGER))
        self.add_widget(button(tr._("transfer.agree"), step.agree))
        self.add_widget(button(tr._("transfer.decline"), step.decline, style="quiet"))
