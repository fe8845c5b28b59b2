"""Telling the person something arrived while they look elsewhere.

Push delivery (APNs/FCM) needs a service these machines cannot reach, so new items are found
by the app's own sync and announced in the app (a banner above the current screen); the
Android variant posts a system notification instead (docs/decisions.md, "Phone app").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Notifier(Protocol):
    def notify(self, title: str, body: str) -> None: ...


class InAppNotifier:
    """Hands the message to whatever the app shows banners with (set once the UI exists)."""

    def __init__(self) -> None:
        self.show: Callable[[str, str], None] | None = None

    def notify(self, title: str, body: str) -> None:
        if self.show is not None:
            self.show(title, body)


class RecordingNotifier:
    """The fake for tests: remembers what would have been shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> None:
        self.shown.append((title, body))
