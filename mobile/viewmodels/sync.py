"""One sync of everything the app shows, in the background, stored as it arrives.

Each data view-model fetches its part (profile, links, notifications, summary, timeline);
all parts are fetched before any is applied, so the screens change together.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty

from mobile.viewmodels.base import Context, DataViewModel, ViewModel


class SyncViewModel(ViewModel):
    syncing = BooleanProperty(False)

    def __init__(self, ctx: Context, parts: list[DataViewModel], **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.parts = parts
        if ctx.connection is None:
            raise RuntimeError("build the ConnectionViewModel first: it owns the offline state")
        self.connection = ctx.connection
        self.connection.resume.append(self.sync_now)
        self._again = False  # asked to sync while a sync ran: its answer may predate a change

    def show_cached(self) -> None:
        for part in self.parts:
            part.show_cached()
        self.connection.restore()

    def sync_now(self) -> None:
        if self.syncing:
            self._again = True
            return
        self.syncing = True
        self.call(self._fetch_all, self._apply_all, offline=self._offline)

    def _fetch_all(self) -> list[Any]:
        return [part.fetch() for part in self.parts]

    def _apply_all(self, results: list[Any]) -> None:
        for part, data in zip(self.parts, results, strict=True):
            part.fetched(data)
        self.syncing = False
        self.connection.synced()
        if self._again:  # e.g. queued actions were replayed while this sync was in flight
            self._again = False
            self.sync_now()

    def _offline(self) -> None:
        self.syncing, self._again = False, False
        for part in self.parts:
            if not part.loaded:
                part.show_cached()

    def failed(self, error: BaseException, offline: Any = None) -> None:
        self.syncing = False
        super().failed(error, offline)
