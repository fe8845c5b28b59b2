"""Online or not, when the last sync finished, and the queue of actions taken offline.

Going offline starts a retry timer; the first retry that reaches the server sends the queued
actions in order, then asks for a full sync, so nobody has to press anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from mobile.offline.outbox import Action, ReplayResult
from mobile.viewmodels.base import Context, ViewModel

RETRY_SECONDS = 15.0


class ConnectionViewModel(ViewModel):
    online = BooleanProperty(True)
    last_synced = StringProperty("")  # ISO time of the last full sync, in UTC
    pending = NumericProperty(0)  # actions waiting in the outbox
    refused = ListProperty([])  # messages for queued actions the server would not take

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        ctx.connection = self
        self.resume: list[Callable[[], None]] = []  # what to run once the server is back
        self._retry_armed = False
        self._replaying = False

    def went_offline(self) -> None:
        self.online = False
        if not self._retry_armed:
            self._retry_armed = True
            self.ctx.tasks.later(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        self._retry_armed = False
        for action in self.resume:
            action()

    def came_online(self) -> None:
        self.online = True
        if self.pending and not self._replaying:
            self.replay()

    def synced(self) -> None:
        self.last_synced = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.ctx.store.write("last_synced", self.last_synced)

    def restore(self) -> None:
        """After unlocking: what the cache knows about the last sync and the queue."""
        self.last_synced = self.ctx.store.read("last_synced", "") or ""
        outbox = self.ctx.store.outbox
        self.pending = len(outbox.pending()) if outbox else 0

    def queue(self, kind: str, **params: Any) -> bool:
        """Keeps an action for later; False when there is nowhere safe to keep it."""
        outbox = self.ctx.store.outbox
        if outbox is None:
            return False
        outbox.add(Action(kind, params))
        self.pending = len(outbox.pending())
        return True

    def replay(self) -> None:
        outbox = self.ctx.store.outbox
        if outbox is None:
            return
        self._replaying = True
        self.ctx.tasks.run(
            lambda: outbox.replay(self.ctx.client), self._replayed, self._replay_failed
        )

    def _replayed(self, result: ReplayResult) -> None:
        self._replaying = False
        outbox = self.ctx.store.outbox
        self.pending = len(outbox.pending()) if outbox else 0
        refused = [
            self.t("outbox.refused", action=self.t(f"action.{a.kind}")) for a, _ in result.refused
        ]
        self.refused = [*self.refused, *refused]
        if result.still_offline:
            self.went_offline()
        else:
            self.retry()

    def _replay_failed(self, error: BaseException) -> None:
        self._replaying = False
        self.failed(error, offline=lambda: None)
