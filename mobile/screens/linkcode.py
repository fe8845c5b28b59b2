"""The link code to show at a hospital desk: a big QR, the code in large letters, and how
long it still works."""

from __future__ import annotations

import io
from typing import Any

from kivy.core.image import Image as CoreImage

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class LinkCodeScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.hospitals.bind(qr_png=self._qr)
        self._qr(self.vms.hospitals, self.vms.hospitals.qr_png)  # a code made before we existed

    def _qr(self, _vm: Any, png: bytes) -> None:
        image = self.ids.qr
        if not png:
            image.texture = None
            return
        texture = CoreImage(io.BytesIO(png), ext="png").texture
        texture.mag_filter = "nearest"  # keep the modules sharp when scaled up
        image.texture = texture

    def close(self) -> None:
        self.vms.hospitals.close_code()
        self.router.back()
