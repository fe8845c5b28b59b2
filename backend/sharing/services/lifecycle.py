"""Ending a share: revocation by the patient, and the purge of expired shares.

Both destroy what the server held for the link: its files (ciphertext) and, for a long-term
link, its sealed key. The grant is revoked through consent, so the policy refuses the very
next request; the share row and its accesses stay, for the patient's history.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NoReturn

from django.utils import timezone

from accounts.models import User
from accounts.selectors import actor_for
from audit import services as audit
from common.actors import SYSTEM, Actor
from common.exceptions import NotFound
from common.ids import uuid_or_404
from consent.services import grant_revoke
from sharing.models import Share, ShareFile, ShareStatus

PURGE_BATCH = 200


def _destroy(share: Share, now: datetime) -> int:
    """Delete the files and the sealed key. Returns the number of files destroyed."""
    files, _ = ShareFile.objects.filter(share=share).delete()
    share.key_sealed = b""
    share.purged_at = share.purged_at or now
    return files


def share_revoke(*, patient: User, share_id: uuid.UUID | str) -> Share:
    """Immediate: the grant, the key and the files go in one transaction. Twice is fine."""
    actor = actor_for(patient)
    wanted = uuid_or_404(share_id)
    with audit.atomic():
        share = Share.objects.select_for_update().filter(patient=patient, id=wanted).first()
        if share is not None and share.status != ShareStatus.REVOKED:
            _revoke(actor, patient, share)
    if share is None:
        _refuse_missing(actor, patient, wanted)
    return share


def _revoke(actor: Actor, patient: User, share: Share) -> None:
    now = timezone.now()
    files = _destroy(share, now)
    share.status, share.revoked_at = ShareStatus.REVOKED, now
    share.save(update_fields=["status", "revoked_at", "key_sealed", "purged_at", "updated_at"])
    grant_revoke(patient=patient, grant_id=share.grant_id)
    audit.record(
        actor=actor,
        action="sharing.share.revoke",
        patient_id=patient.id,
        object_type="share",
        object_id=share.id,
        detail={"files_destroyed": files, "key_destroyed": share.long_term},
    )


def _refuse_missing(actor: Actor, patient: User, wanted: uuid.UUID) -> NoReturn:
    # After the transaction, so the refusal is kept (record_refusal has its own).
    audit.record_refusal(
        actor=actor,
        action="sharing.share.revoke",
        reason="not_found",
        patient_id=patient.id,
        object_type="share",
        object_id=wanted,
    )
    raise NotFound()


def shares_purge_expired(*, now: datetime | None = None) -> int:
    """Destroy files and keys of shares past their expiry. Returns how many were purged;
    safe to run again and in parallel (rows are locked and skipped when taken)."""
    now = now or timezone.now()
    purged = 0
    while True:
        with audit.atomic():
            batch = list(
                Share.objects.select_for_update(skip_locked=True)
                .filter(purged_at__isnull=True, expires_at__lte=now)
                .order_by("expires_at")[:PURGE_BATCH]
            )
            for share in batch:
                _purge_one(share, now)
        purged += len(batch)
        if len(batch) < PURGE_BATCH:
            return purged


def _purge_one(share: Share, now: datetime) -> None:
    files = _destroy(share, now)
    share.save(update_fields=["key_sealed", "purged_at", "updated_at"])
    audit.record(
        actor=SYSTEM,
        action="sharing.share.purge",
        patient_id=share.patient_id,
        object_type="share",
        object_id=share.id,
        detail={"files_destroyed": files, "key_destroyed": share.long_term},
    )
