"""Request rates on the protocol endpoints, counted in the shared cache before any database
work or hashing (common.throttle), per link and per client address.

Passcode guesses are not limited here: they are counted for the link's whole life in the
database (services.protocol), which a cache eviction or restart cannot reset.
"""

from __future__ import annotations

import time

from django.conf import settings

from audit import services as audit
from common import throttle
from common.actors import ANONYMOUS
from common.exceptions import RateLimited
from common.middleware import current_context

_WINDOW_SECONDS = 60


def _admit(limit: throttle.Limit, subject: str, action: str) -> None:
    now = time.time()
    count = throttle.hit(limit, subject, now=now)
    if count <= limit.attempts:
        return
    if count == limit.attempts + 1:
        # One event per window and subject: a flood must not become a flood of audit rows.
        audit.record_refusal(
            actor=ANONYMOUS, action=action, reason="rate_limited", detail={"limit": limit.name}
        )
    raise RateLimited(limit.window_seconds - int(now % limit.window_seconds))


def _client() -> str:
    context = current_context()
    return context.client_ip if context else "unknown"


def admit_link_request(link_subject: str, action: str) -> None:
    """A manifest request or direct fetch: per link, then per client address."""
    per_link = throttle.Limit("shl-link", settings.SHL_REQUESTS_PER_LINK, _WINDOW_SECONDS)
    _admit(per_link, link_subject, action)
    admit_client(action)


def admit_client(action: str) -> None:
    per_client = throttle.Limit("shl-client", settings.SHL_REQUESTS_PER_CLIENT, _WINDOW_SECONDS)
    _admit(per_client, _client(), action)
