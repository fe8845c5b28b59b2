"""Passcodes: checked after the rate limit (no hashing for throttled requests), and every
wrong guess counted for the link's whole life by one conditional UPDATE."""

from __future__ import annotations

from django.db import connection

from common.exceptions import NotAuthenticated, NotFound
from consent.services import Access
from sharing.keys import PatientKey
from sharing.models import Share
from sharing.services.gate import LOCKED, PASSCODE_REQUIRED, WRONG_PASSCODE, refusal, refused


def _count_failure(share: Share) -> int | None:
    """One more failure, unless the limit is reached: a single conditional UPDATE, so parallel
    guesses are serialised by the row lock and can never exceed the limit. Returns the
    attempts left, or None if none were left to take."""
    share_id = Share._meta.pk.get_db_prep_value(share.id, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sharing_share SET failures = failures + 1 "
            "WHERE id = %s AND failures < failure_limit "
            "RETURNING failure_limit - failures",
            [share_id],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def check_passcode(owner: PatientKey, share: Share, access: Access, offered: str | None) -> None:
    if not share.needs_passcode:
        return
    if not offered:
        refused(share, access, refusal(share, PASSCODE_REQUIRED))
        left = share.failure_limit - share.failures
        raise NotAuthenticated("This link needs a passcode.", extra={"remainingAttempts": left})
    if owner.passcode_matches(share.passcode_hash, offered):
        return
    remaining = _count_failure(share)
    reason = WRONG_PASSCODE if remaining is not None else LOCKED
    refused(share, access, refusal(share, reason))
    if remaining is None:
        raise NotFound()  # another guess took the last attempt: the link is disabled
    raise NotAuthenticated(
        "The passcode is wrong.", code="wrong_passcode", extra={"remainingAttempts": remaining}
    )
