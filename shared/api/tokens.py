"""The session's tokens and their refresh, done once however many requests hit a 401.

The server rotates refresh tokens and treats a spent one presented again as theft, revoking
the whole session (backend/accounts/services/sessions.py). Several screens load at once, so
several requests can find the access token expired together: they queue on one lock, the
first refreshes, the others see a newer access token than the one that failed and retry with
it. A refresh token is therefore never sent twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from shared.api.errors import SessionExpired

EARLY = 30.0  # seconds: refresh this long before the access token's stated expiry


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    expires_at: float  # time.time() when the access token stops working

    @classmethod
    def from_reply(cls, body: dict[str, object], now: float | None = None) -> TokenPair:
        lifetime = float(str(body.get("expires_in", 600)))
        return cls(str(body["access"]), str(body["refresh"]), (now or time.time()) + lifetime)


Refresher = Callable[[str], TokenPair]  # refresh token in, new pair out (raises on refusal)
Listener = Callable[[TokenPair | None], None]  # told of every change, to persist it


class TokenKeeper:
    def __init__(self, pair: TokenPair | None = None, listener: Listener | None = None) -> None:
        self._pair = pair
        self._lock = threading.Lock()
        self.listener = listener
        self.refresher: Refresher | None = None  # set by the client that owns the keeper

    @property
    def signed_in(self) -> bool:
        return self._pair is not None

    @property
    def pair(self) -> TokenPair | None:
        return self._pair

    def forget(self) -> None:
        """Drops the tokens from memory without telling the listener (the app locks, but the
        stored copy must stay for the next unlock)."""
        with self._lock:
            self._pair = None

    @property
    def refresh_token(self) -> str | None:
        pair = self._pair
        return pair.refresh if pair else None

    def set(self, pair: TokenPair | None) -> None:
        with self._lock:
            self._set(pair)

    def _set(self, pair: TokenPair | None) -> None:
        self._pair = pair
        if self.listener is not None:
            self.listener(pair)

    def access(self) -> str:
        """A usable access token, refreshed first when it is about to expire."""
        pair = self._pair
        if pair is None:
            raise SessionExpired()
        if time.time() < pair.expires_at - EARLY:
            return pair.access
        return self.refresh_after(pair.access)

    def refresh_after(self, stale: str) -> str:
        """The access token to use after `stale` was refused: refreshed at most once."""
        with self._lock:
            pair = self._pair
            if pair is None:
                raise SessionExpired()
            if pair.access != stale:
                return pair.access  # another request refreshed while this one waited
            if self.refresher is None:
                raise SessionExpired()
            try:
                fresh = self.refresher(pair.refresh)
            except SessionExpired:
                self._set(None)
                raise
            self._set(fresh)
            return fresh.access
