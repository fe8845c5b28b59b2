"""The gate every protocol request passes: find the share, decide, record the outcome.

Every request is decided by consent.policy for the share's grant (a revoked or expired share
is refused at the second) and lands in the patient's access log through consent's
access_logged / access_refused, with the recipient's name as typed. Refusals of links we
cannot tie to a patient (unknown ids, forged locations) are audited without one.
"""

from __future__ import annotations

from typing import cast

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from common.actors import ANONYMOUS
from common.crypto.envelope import KeyDestroyed
from common.exceptions import NotFound
from consent.policy import Decision, Reason, authorize
from consent.services import Access, access_refused
from consent.services.access import ACCESS_PREFIX
from sharing.keys import PatientKey, manifest_hash, patient_key
from sharing.models import AccessOutcome, Share, ShareAccess, ShareStatus
from sharing.services.files import share_actor

ACCESS_TABLE = "sharing_shareaccess"
# consent's Reason names grant refusals; a link adds its own. They reach the access log as
# reason codes like any other.
PASSCODE_REQUIRED = cast(Reason, "passcode_required")
WRONG_PASSCODE = cast(Reason, "wrong_passcode")
LOCKED = cast(Reason, "passcode_locked")
NOT_DIRECT = cast(Reason, "not_direct")


def share_for(manifest_id: str, action: str) -> Share:
    share = (
        Share.objects.select_related("patient")
        .filter(manifest_hash=manifest_hash(manifest_id))
        .first()
    )
    if share is None:
        audit.record_refusal(
            actor=ANONYMOUS,
            action=ACCESS_PREFIX + action,
            reason="unknown_link",
            object_type="share",
        )
        raise NotFound()
    return share


def access_for(share: Share, action: str, recipient: str) -> Access:
    return Access(
        actor=share_actor(share),
        patient_id=share.patient_id,
        action=action,
        object_type="share",
        object_id=share.id,
        recipient_name=recipient,
        recipient_country=share.recipient_country,
    )


def _local_refusal(share: Share) -> Reason | None:
    """What the share row itself says, before asking the policy (which says it again)."""
    if share.status == ShareStatus.REVOKED:
        return Reason.REVOKED
    if share.expires_at <= timezone.now() or share.purged_at is not None:
        return Reason.EXPIRED
    if share.needs_passcode and share.failures >= share.failure_limit:
        return LOCKED
    return None


def decide(share: Share, access: Access) -> Decision:
    """Allowed, or the refusal is recorded and the answer is the same 404 as an unknown link."""
    local = _local_refusal(share)
    if local is not None:
        decision = refusal(share, local)
    else:
        decision = authorize(
            actor=access.actor,
            patient_id=share.patient_id,
            recipient_country=share.recipient_country,
        )
    if not decision.allowed:
        refused(share, access, decision)
        raise NotFound()
    return decision


def refused(share: Share, access: Access, decision: Decision) -> None:
    with transaction.atomic():
        try:
            owner = patient_key(share.patient_id)
        except KeyDestroyed:
            # The account was deleted: nothing of it may be written again, not even the name
            # a recipient typed. The refusal still goes to the audit trail (ids only).
            audit.record_refusal(
                actor=access.actor,
                action=ACCESS_PREFIX + access.action,
                reason="account_deleted",
                object_type="share",
                object_id=share.id,
            )
            return
        access_row(owner, share, access.recipient_name, AccessOutcome.DENIED, str(decision.reason))
        access_refused(access=access, decision=decision)


def access_row(
    owner: PatientKey, share: Share, recipient: str, outcome: str, reason: str = "", **counts: int
) -> ShareAccess:
    row = ShareAccess(share=share, outcome=outcome, reason=reason, **counts)
    row.recipient_name = owner.seal(ACCESS_TABLE, row.id, "recipient_name", recipient)
    row.save()
    return row


def refusal(share: Share, reason: Reason) -> Decision:
    return Decision(False, reason, grant_ids=(str(share.grant_id),))
