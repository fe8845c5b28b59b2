"""The patient's view of their shares: what each holds, its state, and who opened it.

Shares are the patient's own business: nobody else lists them, and another patient's share
is the same 404 as a missing one. Reads are audited as the patient's own (not under
`access.`, which is for reads of the patient's data by someone else).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import User
from audit import services as audit
from common.actors import Actor
from common.crypto.envelope import data_key_for, decrypt_field
from common.exceptions import NotFound
from common.ids import uuid_or_404
from sharing.keys import TABLE
from sharing.models import Share, ShareAccess, ShareStatus
from sharing.services.gate import ACCESS_TABLE


@dataclass(frozen=True)
class AccessView:
    at: datetime
    recipient: str
    country: str
    outcome: str
    reason: str
    files_listed: int
    files_embedded: int
    files_fetched: int


@dataclass(frozen=True)
class ShareView:
    id: str
    label: str
    flag: str
    status: str  # active | expired | revoked | locked
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    recipient_country: str
    summary: bool
    document_ids: list[str]
    entry_count: int
    files: int
    passcode_failures: int
    attempts_left: int | None
    access_count: int
    grant_id: str
    accesses: list[AccessView] = field(default_factory=list)


def status_of(share: Share, now: datetime) -> str:
    if share.status == ShareStatus.REVOKED:
        return "revoked"
    if share.expires_at <= now:
        return "expired"
    if share.needs_passcode and share.failures >= share.failure_limit:
        return "locked"
    return "active"


def _owner_only(actor: Actor, patient: User) -> None:
    if actor.type != "patient" or actor.id != str(patient.id):
        raise NotFound()


def _open(share: Share, key: bytes, table: str, row_id: object, name: str, blob: bytes) -> str:
    """Sealed text, with the patient's data key unwrapped once per request, not per field."""
    if not blob:
        return ""
    plain = decrypt_field(share.patient_id, blob, table=table, row_id=row_id, field=name, key=key)
    return plain.decode()


def _view(share: Share, key: bytes, now: datetime, accesses: list[AccessView]) -> ShareView:
    return ShareView(
        id=str(share.id),
        label=_open(share, key, TABLE, share.id, "label", bytes(share.label)),
        flag=share.flag,
        status=status_of(share, now),
        created_at=share.created_at,
        expires_at=share.expires_at,
        revoked_at=share.revoked_at,
        recipient_country=share.recipient_country,
        summary=share.summary,
        document_ids=list(share.document_ids),
        entry_count=len(share.entries),
        files=getattr(share, "file_count", 0),
        passcode_failures=share.failures,
        attempts_left=share.failure_limit - share.failures if share.needs_passcode else None,
        access_count=getattr(share, "access_count", 0),
        grant_id=str(share.grant_id),
        accesses=accesses,
    )


def _annotated(patient: User) -> QuerySet[Share]:
    return Share.objects.filter(patient=patient).annotate(
        file_count=Count("files", distinct=True), access_count=Count("accesses", distinct=True)
    )


def shares_of(*, actor: Actor, patient: User) -> list[ShareView]:
    """Every share of the patient, newest first."""
    _owner_only(actor, patient)
    audit.record(actor=actor, action="sharing.share.list", patient_id=patient.id)
    shares = list(_annotated(patient).order_by("-created_at"))
    key, now = data_key_for(patient.id), timezone.now()
    return [_view(share, key, now, []) for share in shares]


def share_of(*, actor: Actor, patient: User, share_id: str) -> ShareView:
    """One share with every access to it, newest first."""
    _owner_only(actor, patient)
    share = _annotated(patient).filter(id=uuid_or_404(share_id)).first()
    if share is None:
        audit.record_refusal(
            actor=actor, action="sharing.share.read", reason="not_found", patient_id=patient.id
        )
        raise NotFound()
    audit.record(
        actor=actor, action="sharing.share.read", patient_id=patient.id, object_id=share.id
    )
    key = data_key_for(patient.id)
    rows = ShareAccess.objects.filter(share=share).order_by("-created_at")
    accesses = [_access(row, share, key) for row in rows]
    return _view(share, key, timezone.now(), accesses)


def _access(row: ShareAccess, share: Share, key: bytes) -> AccessView:
    return AccessView(
        at=row.created_at,
        recipient=_open(
            share, key, ACCESS_TABLE, row.id, "recipient_name", bytes(row.recipient_name)
        ),
        country=share.recipient_country,
        outcome=row.outcome,
        reason=row.reason,
        files_listed=row.files_listed,
        files_embedded=row.files_embedded,
        files_fetched=row.files_fetched,
    )
