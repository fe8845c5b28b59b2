"""An in-memory stand-in for the server's auth endpoints, speaking through the Transport
Protocol: enough to prove the client's refresh logic without a network."""

from __future__ import annotations

import itertools
import json
import threading
import time
from typing import Any

from shared.api import Reply


class AuthServer:
    """Issues rotating refresh tokens and, like the real one, counts a reused one as theft."""

    def __init__(self, refresh_delay: float = 0.0) -> None:
        self.counter = itertools.count(1)
        self.valid_access: set[str] = set()
        self.live_refresh: set[str] = set()
        self.spent_refresh: set[str] = set()
        self.refresh_calls: list[str] = []
        self.reused = False
        self.refresh_delay = refresh_delay
        self.lock = threading.Lock()
        self.down = False

    def issue(self) -> dict[str, Any]:
        n = next(self.counter)
        access, refresh = f"access-{n}", f"refresh-{n}"
        self.valid_access.add(access)
        self.live_refresh.add(refresh)
        return {"access": access, "refresh": refresh, "expires_in": 600}

    def expire_all_access(self) -> None:
        self.valid_access.clear()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        params: dict[str, str] | None = None,
    ) -> Reply:
        from shared.api import Offline

        if self.down:
            raise Offline("ConnectionError")
        path = url.split("://", 1)[-1].split("/", 1)[1]
        if path == "api/v1/auth/refresh":
            return self._refresh(json["refresh"])
        if path == "api/v1/auth/login":
            if json["password"] != "right":
                return _reply(401, {"error": {"code": "invalid_credentials", "message": "No."}})
            return _reply(200, self.issue())
        token = headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.valid_access:
            return _reply(401, {"error": {"code": "not_authenticated", "message": "Sign in."}})
        return _reply(200, {"id": "u1", "email": "a@b.c", "role": "patient", "name": "Alice"})

    def _refresh(self, refresh: str) -> Reply:
        self.refresh_calls.append(refresh)
        time.sleep(self.refresh_delay)  # widen the window in which parallel refreshes collide
        with self.lock:
            if refresh in self.spent_refresh:
                self.reused = True
                return _reply(401, {"error": {"code": "refresh_reused", "message": "Reused."}})
            if refresh not in self.live_refresh:
                return _reply(401, {"error": {"code": "invalid_refresh", "message": "No."}})
            self.live_refresh.discard(refresh)
            self.spent_refresh.add(refresh)
            return _reply(200, self.issue())


def _reply(status: int, body: Any) -> Reply:
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json"})
