"""One record: readable fields, then codes with the hospital's original words, then source
and versions; hide/unhide and "ask for a correction" at the bottom."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.text import AppLabel

load_kv(__file__)
MUTED = (0.35, 0.39, 0.45, 1)


class RecordScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        self.vms.record.bind(detail=self._draw)
        tr.bind(language=self._draw)

    def _draw(self, *_args: Any) -> None:
        detail = self.vms.record.detail
        self._fill(
            self.ids.fields,
            [f"{self._label(label)}: {value}" for label, value in detail.get("fields", [])],
        )
        self._fill(self.ids.codes, [self._code(c) for c in detail.get("codes", [])])
        versions = [
            tr._("record.version", number=v["number"], date=v["received"][:10])
            + (f" ({tr._('record.current')})" if v.get("current") else "")
            for v in detail.get("versions", [])
        ]
        self._fill(self.ids.versions, versions)

    @staticmethod
    def _label(label: str) -> str:
        """Our own field names are catalogue keys; a server's labels come translated."""
        return tr._(label) if label.startswith("field.") else label

    def _code(self, code: dict[str, Any]) -> str:
        line = code["display"]
        if code.get("original") and code["original"] != code["display"]:
            line += "\n" + tr._("record.original", text=code["original"])
        return f"{line}\n{code['system']} | {code['code']}"

    def _fill(self, box: Any, lines: list[str]) -> None:
        box.clear_widgets()
        for line in lines or [tr._("record.nothing")]:
            box.add_widget(AppLabel(text=line, color=MUTED if not lines else (0.11, 0.14, 0.19, 1)))

    def correction(self) -> None:
        self.router.go("correction")
