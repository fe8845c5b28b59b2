"""Devices signed in to the account; "sign out all other devices" for a lost phone."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.text import AppLabel

load_kv(__file__)


class DevicesScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.devices.bind(devices=self._draw)
        tr.bind(language=self._draw)

    def on_pre_enter(self, *_args: Any) -> None:
        self.vms.devices.load()

    def _draw(self, *_args: Any) -> None:
        box = self.ids.devices
        box.clear_widgets()
        for device in self.vms.devices.devices:
            card = Card(tone="info" if device["current"] else "plain")
            name = device["agent"] or tr._("devices.unknown")
            if device["current"]:
                name += f"  ({tr._('devices.this')})"
            card.add_widget(AppLabel(text=name, bold=True))
            card.add_widget(
                AppLabel(text=tr._("devices.last_seen", time=device["last_seen"]), font_size="13sp")
            )
            box.add_widget(card)
