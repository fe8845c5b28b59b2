"""Actions taken while offline, kept (sealed in the cache) until the server takes them.

Only actions that mean the same thing later are queued: hiding a record, marking a
notification read, removing a hospital link, asking for a correction, the account's
language, and the ones that take something back (revoking a grant or a shared link,
withdrawing a transfer-abroad consent: the intent must survive a bad connection, and the
screen says the thing stays open until it is sent). Each keeps its place
in line; one the server refuses (404, 403) is dropped and reported, never silently lost.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from mobile.offline.cache import EncryptedCache
from shared.api import ApiError, Offline, PocketChartClient

CACHE_NAME = "outbox"


@dataclass(frozen=True)
class Action:
    kind: str  # a key of ACTIONS
    params: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    queued_at: float = field(default_factory=time.time)


def _hide(client: PocketChartClient, p: dict[str, Any]) -> None:
    client.set_hidden(p["record_id"], bool(p["hidden"]))


ACTIONS: dict[str, Callable[[PocketChartClient, dict[str, Any]], object]] = {
    "record.hide": _hide,
    "record.correction": lambda c, p: c.request_correction(p["record_id"], p["message"]),
    "notification.read": lambda c, p: c.mark_notification_read(p["notification_id"]),
    "link.revoke": lambda c, p: c.revoke_link(p["link_id"]),
    "profile.language": lambda c, p: c.update_me(preferred_language=p["language"]),
    "consent.revoke": lambda c, p: c.revoke_consent(p["grant_id"]),
    "share.revoke": lambda c, p: c.revoke_share(p["share_id"]),
    "transfer.withdraw": lambda c, p: c.withdraw_transfer(p["consent_id"]),
}


@dataclass
class ReplayResult:
    sent: list[Action] = field(default_factory=list)
    refused: list[tuple[Action, ApiError]] = field(default_factory=list)
    still_offline: bool = False


class Outbox:
    def __init__(self, cache: EncryptedCache) -> None:
        self.cache = cache

    def pending(self) -> list[Action]:
        return [Action(**item) for item in self.cache.get(CACHE_NAME, [])]

    def add(self, action: Action) -> None:
        if action.kind not in ACTIONS:
            raise ValueError(action.kind)
        self._save([*self.pending(), action])

    def _save(self, actions: list[Action]) -> None:
        self.cache.put(CACHE_NAME, [asdict(a) for a in actions])

    def replay(self, client: PocketChartClient) -> ReplayResult:
        """Sends what waits, in order; stops at the first sign the server is unreachable."""
        result = ReplayResult()
        waiting = self.pending()
        while waiting:
            action = waiting[0]
            try:
                ACTIONS[action.kind](client, action.params)
                result.sent.append(action)
            except Offline:
                result.still_offline = True
                break
            except ApiError as error:
                if error.retryable:
                    result.still_offline = True
                    break
                result.refused.append((action, error))
            waiting.pop(0)
            self._save(waiting)
        return result
