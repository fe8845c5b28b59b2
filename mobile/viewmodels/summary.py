"""The summary cards, in UX.md's order; an empty card says so instead of vanishing."""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty

from mobile.viewmodels.base import DataViewModel
from shared.api.records import SUMMARY_SECTIONS


class SummaryViewModel(DataViewModel):
    cache_name = "summary"
    cards = ListProperty([])  # dicts: section, items (display, detail, hospital, date, severity)

    def fetch(self) -> Any:
        summary = self.ctx.client.summary()
        return {
            section: [
                {
                    "id": i.id,
                    "display": i.display,
                    "detail": i.detail,
                    "hospital": i.hospital,
                    "date": i.date,
                    "severity": i.severity,
                }
                for i in items
            ]
            for section, items in summary.sections.items()
        }

    def apply(self, data: Any) -> None:
        order = [*SUMMARY_SECTIONS, *(k for k in data if k not in SUMMARY_SECTIONS)]
        self.cards = [{"section": key, "items": list(data.get(key, []))} for key in order]
