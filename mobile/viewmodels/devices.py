"""The devices signed in to the account, and signing all the others out (a lost phone)."""

from __future__ import annotations

from kivy.properties import ListProperty, NumericProperty

from mobile.viewmodels.base import ViewModel
from shared.api.models import DeviceSession


class DevicesViewModel(ViewModel):
    devices = ListProperty([])  # dicts: id, agent, last_seen, current
    signed_out = NumericProperty(0)  # how many the last "sign out the others" ended

    def load(self) -> None:
        self.call(self.ctx.client.sessions, self._show)

    def _show(self, sessions: list[DeviceSession]) -> None:
        self.devices = [
            {
                "id": s.id,
                "agent": s.user_agent,
                "last_seen": s.last_seen_at[:16].replace("T", " "),
                "current": s.current,
            }
            for s in sessions
        ]

    def sign_out_others(self) -> None:
        """Refused offline (not queued): the person must see that it really happened."""
        client = self.ctx.client

        def work() -> tuple[int, list[DeviceSession]]:
            others = [s for s in client.sessions() if not s.current]
            for session in others:
                client.revoke_session(session.id)
            return len(others), client.sessions()

        def done(result: tuple[int, list[DeviceSession]]) -> None:
            self.signed_out = result[0]
            self._show(result[1])

        self.call(work, done)
