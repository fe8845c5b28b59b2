"""Signed, expiring `location` URLs for a share's files (SHL: no authentication, at most an
hour). The signature binds the link, the file, the manifest request that handed it out and the
expiry, so a URL cannot be stretched, moved to another file or outlive its hour."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

# The spec's ceiling; SHL_LOCATION_SECONDS may only shorten it.
MAX_LIFETIME_SECONDS = 3600
_SALT = "pocketchart.sharing.location"


@dataclass(frozen=True)
class FileTicket:
    manifest_id: str
    file_id: str
    access_id: str
    expires: int  # epoch seconds


def _signature(ticket: FileTicket) -> str:
    message = f"{ticket.manifest_id}|{ticket.file_id}|{ticket.access_id}|{ticket.expires}"
    return salted_hmac(_SALT, message, algorithm="sha256").hexdigest()


def lifetime_seconds() -> int:
    return max(1, min(int(settings.SHL_LOCATION_SECONDS), MAX_LIFETIME_SECONDS))


def location_url(*, manifest_id: str, file_id: str, access_id: str) -> str:
    expires = int(timezone.now().timestamp()) + lifetime_seconds()
    ticket = FileTicket(manifest_id, file_id, access_id, expires)
    query = urlencode({"a": access_id, "exp": expires, "sig": _signature(ticket)})
    return f"{settings.PUBLIC_BASE_URL}/shl/{manifest_id}/file/{file_id}?{query}"


def ticket_valid(ticket: FileTicket, signature: str) -> bool:
    """Valid while now is before `expires` (at the second) and the signature matches."""
    if ticket.expires <= int(timezone.now().timestamp()):
        return False
    return hmac.compare_digest(_signature(ticket), signature)
