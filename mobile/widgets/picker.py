"""Picking photos and documents from the device for a follow-up request.

The desktop gets Kivy's file chooser in a popup, showing only JPEG, PNG and PDF files. On
Android the system's document picker (`Intent.ACTION_OPEN_DOCUMENT`, reached through pyjnius
and an activity result) is the right tool: it needs no storage permission and reaches photos
in the gallery and the cloud; see docs/decisions.md ("Phone app", follow-up and sharing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.filechooser import FileChooserListView
from kivy.uix.popup import Popup

from mobile import theme
from mobile.i18n import tr
from mobile.widgets.common import Tappable

PATTERNS = ["*.jpg", "*.jpeg", "*.JPG", "*.JPEG", "*.png", "*.PNG", "*.pdf", "*.PDF"]


def open_picker(on_pick: Callable[[str], None], start: Path | None = None) -> Popup:
    """Shows the chooser; `on_pick` gets each chosen file's path."""
    box = BoxLayout(orientation="vertical", spacing=theme.SPACE)
    chooser = FileChooserListView(
        path=str(start or Path.home()), filters=PATTERNS, multiselect=True
    )
    box.add_widget(chooser)
    row = BoxLayout(size_hint_y=None, height=theme.TOUCH, spacing=theme.SPACE)
    popup = Popup(title=tr._("photos.choose"), content=box, size_hint=(0.95, 0.9))

    def pick(*_args: Any) -> None:
        for path in chooser.selection:
            on_pick(path)
        popup.dismiss()

    add = Tappable(text=tr._("photos.add_chosen"))
    add.bind(on_release=pick)
    cancel = Tappable(text=tr._("common.cancel"), style="quiet")
    cancel.bind(on_release=lambda *_: popup.dismiss())
    row.add_widget(cancel)
    row.add_widget(add)
    box.add_widget(row)
    popup.open()
    return popup
