"""Segments of the audit chain: sealed by calendar month, purged whole when they expire.

Sealing records each finished month's first and last sequence numbers, the hash before it and
its last hash, signed (HMAC under a master-key-derived key). Purging deletes a segment's events
with the append-only triggers lifted for that one transaction only, and keeps the segment
row: verification then starts from the newest purged segment's `last_hash` (`purged_anchor`)
instead of the genesis hash. Which events must be kept longer (permission changes) is the
caller's policy (ops.retention), so this module does not depend on other apps.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from audit.chain import GENESIS
from audit.maintenance import restore_append_only, suspend_append_only
from audit.models import AuditEvent, AuditSegment
from common.crypto.blind import derive_subkey
from common.crypto.keys import keyring

SIGNED = ("first_seq", "last_seq", "prev_hash", "last_hash", "first_at", "last_at", "events")


class SegmentInvalid(Exception):
    """A purged segment's signature does not verify: its anchor cannot be trusted."""


def _body(segment: AuditSegment) -> bytes:
    fields = {name: getattr(segment, name) for name in SIGNED}
    fields["first_at"] = segment.first_at.astimezone(UTC).isoformat()
    fields["last_at"] = segment.last_at.astimezone(UTC).isoformat()
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _mac(key: bytes, body: bytes) -> str:
    return hmac.new(derive_subkey(key, "audit-segment"), body, hashlib.sha256).hexdigest()


def segment_signed(segment: AuditSegment) -> bool:
    body = _body(segment)
    # Any key of the keyring may have signed it: segments outlive master key rotations.
    return any(hmac.compare_digest(_mac(k.key, body), segment.mac) for k in keyring().keys)


def purged_anchor() -> tuple[int, str]:
    """(seq, hash) the kept chain continues from: genesis, or the newest purged segment."""
    newest = AuditSegment.objects.filter(purged_at__isnull=False).order_by("-last_seq").first()
    if newest is None:
        return 0, GENESIS
    if not segment_signed(newest):
        raise SegmentInvalid(f"purged segment ending at #{newest.last_seq} has a bad signature")
    return newest.last_seq, newest.last_hash


def _month_after(moment: datetime) -> datetime:
    start = moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (start + timedelta(days=32)).replace(day=1)


def _next_segment(start: int, until: datetime, slow: Iterable[str]) -> AuditSegment | None:
    first = AuditEvent.objects.filter(seq=start).first()
    if first is None or _month_after(first.occurred_at) > until:
        return None  # nothing new, or its month is not over yet
    ends = _month_after(first.occurred_at)
    # Commit order, not clock order, decides seq: take every event up to the last one of the
    # month, so a late committer of the month is never split from it.
    last_seq = AuditEvent.objects.filter(seq__gte=start, occurred_at__lt=ends).aggregate(
        Max("seq")
    )["seq__max"]
    events = AuditEvent.objects.filter(seq__gte=start, seq__lte=last_seq)
    stats = events.aggregate(
        n=Count("seq"), lo=Min("occurred_at"), hi=Max("occurred_at"),
        slow=Count("seq", filter=Q(action__in=list(slow))),
    )  # fmt: skip
    last_hash = AuditEvent.objects.values_list("hash", flat=True).get(seq=last_seq)
    return AuditSegment(
        first_seq=start, last_seq=last_seq, prev_hash=first.prev_hash, last_hash=last_hash,
        first_at=stats["lo"], last_at=stats["hi"], events=stats["n"],
        permission_changes=stats["slow"], sealed_at=timezone.now(),
    )  # fmt: skip


def seal_segments(*, slow_actions: Iterable[str], now: datetime | None = None) -> int:
    """Seal every finished month not yet sealed; returns how many segments were added.

    Call after a clean verification (the beat task does), so only an intact chain is sealed.
    """
    until = (
        (now or timezone.now())
        .astimezone(UTC)
        .replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    )
    slow, added = list(slow_actions), 0
    last = AuditSegment.objects.order_by("-last_seq").values_list("last_seq", flat=True).first()
    start = (last or 0) + 1
    while (segment := _next_segment(start, until, slow)) is not None:
        segment.mac = _mac(keyring().current.key, _body(segment))
        segment.save()
        added, start = added + 1, segment.last_seq + 1
    return added


def segments_purge(segments: list[AuditSegment]) -> int:
    """Delete the events of these segments (a prefix of the kept chain, oldest first).

    The triggers are lifted inside this one transaction only: on PostgreSQL ALTER TABLE holds
    an exclusive lock until the commit, so no other session writes while they are off. The
    caller records the purge in the chain in the same transaction.
    """
    if not segments:
        return 0
    expected = purged_anchor()[0] + 1
    for segment in segments:
        if segment.first_seq != expected or segment.purged_at is not None:
            raise ValueError("only the oldest kept segments can be purged, in order")
        expected = segment.last_seq + 1
    now = timezone.now()
    with transaction.atomic():
        suspend_append_only()
        try:
            deleted, _ = AuditEvent.objects.filter(
                seq__gte=segments[0].first_seq, seq__lte=segments[-1].last_seq
            ).delete()
        finally:
            restore_append_only()
        AuditSegment.objects.filter(id__in=[s.id for s in segments]).update(purged_at=now)
    return deleted
