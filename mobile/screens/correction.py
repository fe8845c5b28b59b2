"""Asking the hospital to correct a record (PIPA Art. 36): what is wrong, in free text."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class CorrectionScreen(AppScreen):
    def send(self) -> None:
        self.vms.record.request_correction(self.ids.message.text)
        if not self.vms.record.error:
            self.ids.message.text = ""
            self.router.back()
