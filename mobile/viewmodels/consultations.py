"""My follow-up requests and their state. New replies, proposed times and reminders arrive as
the server's `consultation.*` notifications (NotificationsViewModel announces them and counts
them for the Follow-up tab's badge)."""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty

from mobile.format import local_time
from mobile.viewmodels.base import DataViewModel
from shared.api.consultations import ConsultationDetail, ConsultationSummary

OPEN_STATES = ("requested", "info_needed", "accepted", "scheduled", "answered")


def summary_view(row: ConsultationSummary) -> dict[str, Any]:
    return {
        "consultation_id": row.id,
        "state": row.state,
        "hospital": row.hospital,
        "created_at": row.created_at,
        "changed_at": row.state_changed_at,
    }


class ConsultationsViewModel(DataViewModel):
    cache_name = "consultations"
    requests = ListProperty([])

    def fetch(self) -> Any:
        return [summary_view(c) for c in self.ctx.client.consultations()]

    def apply(self, data: Any) -> None:
        rows = list(data)
        # open requests first, each group newest first (the server sends newest first)
        self.requests = [r for r in rows if r["state"] in OPEN_STATES] + [
            r for r in rows if r["state"] not in OPEN_STATES
        ]

    def added(self, detail: ConsultationDetail) -> None:
        view = summary_view(detail.summary)
        self.apply(
            [view, *[r for r in self.requests if r["consultation_id"] != view["consultation_id"]]]
        )
        self.ctx.store.write(self.cache_name, list(self.requests))

    def state_changed(self, consultation_id: str, state: str) -> None:
        self.apply(
            [
                {**r, "state": state} if r["consultation_id"] == consultation_id else r
                for r in self.requests
            ]
        )
        self.ctx.store.write(self.cache_name, list(self.requests))

    def state_words(self, state: str) -> str:
        return self.t(f"followup.state.{state}")

    def line(self, row: dict[str, Any]) -> str:
        return self.t(
            "followup.line",
            state=self.state_words(row["state"]),
            time=local_time(row["changed_at"]),
        )
