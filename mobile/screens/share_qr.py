"""The link's QR, full screen and bright, with the passcode hint and a countdown. Leaving it
forgets the link: the server never kept its key, so it cannot be shown again."""

from __future__ import annotations

import io
from typing import Any

from kivy.core.image import Image as CoreImage
from kivy.properties import BooleanProperty

from mobile.platform.brightness import raise_brightness, restore_brightness
from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class ShareQrScreen(AppScreen):
    show_passcode = BooleanProperty(False)  # hidden until tapped: the QR may be photographed

    def on_kv_post(self, _base: Any) -> None:
        self.vms.share_new.bind(qr_png=self._qr)
        self._qr(self.vms.share_new, self.vms.share_new.qr_png)

    def _qr(self, _vm: Any, png: bytes) -> None:
        image = self.ids.qr
        if not png:
            image.texture = None
            return
        texture = CoreImage(io.BytesIO(png), ext="png").texture
        texture.mag_filter = "nearest"  # keep the modules sharp when scaled up
        image.texture = texture

    def on_enter(self, *_args: Any) -> None:
        raise_brightness()

    def on_leave(self, *_args: Any) -> None:
        restore_brightness()

    def done(self) -> None:
        self.vms.share_new.close()
        self.router.tab("share")
