"""Exports of the whole record: the IPS (FHIR document), a printable PDF, the full archive.

They are made by the server, so they need a connection: offline they are refused with a
message rather than queued (a file that appears hours later is not what anyone asked for).
The file is saved in the exports folder the person chose, never in the app's data folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kivy.properties import NumericProperty, StringProperty

from mobile.viewmodels.base import Context, ViewModel

KINDS = {"ips": ("fhir", "json"), "pdf": ("pdf", "pdf"), "archive": ("archive", "zip")}
POLL_SECONDS = 2.0


class ExportsViewModel(ViewModel):
    kind = StringProperty("")  # the export running or last finished
    progress = NumericProperty(0.0)  # 0..1; the screen shows a bar while busy
    saved_to = StringProperty("")
    password = StringProperty("")  # the archive's one-time password, shown once by the server

    def __init__(self, ctx: Context, folder: Path, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.folder = folder

    def export(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind, self.progress, self.saved_to, self.password = kind, 0.05, "", ""
        if kind == "archive":
            self.call(self.ctx.client.start_archive, self._poll)
        else:
            path = KINDS[kind][0]
            self.call(lambda: self.ctx.client.export_document(path), self._save)

    def _poll(self, status: dict[str, Any]) -> None:
        """Follows the archive job (progress 0-100) until its file can be downloaded."""
        if status.get("password"):
            self.password = str(status["password"])  # shown once by the server: keep it on screen
        state = str(status.get("status", ""))
        self.progress = max(self.progress, min(float(status.get("progress") or 5) / 100, 0.95))
        url = status.get("download_url")
        if state == "ready" and url:
            self.call(lambda: self.ctx.client.download(str(url)), self._save)
        elif state in ("failed", "expired"):
            self.error = self.t("exports.failed")
        else:
            export_id = str(status.get("id", ""))
            self.busy = True
            self.ctx.tasks.later(
                POLL_SECONDS,
                lambda: self.call(lambda: self.ctx.client.archive_status(export_id), self._poll),
            )

    def _save(self, content: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"pocketchart-{self.kind}-{stamp}.{KINDS[self.kind][1]}"
        path.write_bytes(content)
        self.progress, self.saved_to = 1.0, str(path)
