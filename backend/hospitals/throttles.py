"""Guessing link codes: each failed redemption counts against the hospital system."""

from __future__ import annotations

from audit import services as audit
from common import throttle
from common.exceptions import RateLimited
from hospitals.principal import SystemPrincipal

# 10 failures per 10 minutes per client: enough for typos at a busy desk, while guessing a
# 31^8 code space stays hopeless.
LINK_GUESSES = throttle.Limit("link-redeem-failures", attempts=10, window_seconds=600)


def link_guess_check(principal: SystemPrincipal) -> None:
    try:
        throttle.check(LINK_GUESSES, principal.client_id)
    except RateLimited:
        audit.record_refusal(actor=principal.actor, action="link.create", reason="throttled")
        raise


def link_guess_failed(principal: SystemPrincipal, reason: str) -> None:
    throttle.hit(LINK_GUESSES, principal.client_id)
    audit.record_refusal(actor=principal.actor, action="link.create", reason=reason)
