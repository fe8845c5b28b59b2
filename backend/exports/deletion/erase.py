"""What account deletion removes, run by accounts.services.profile.account_shred (through
settings.ACCOUNT_DELETION_HOOKS) inside its transaction, before the data key is destroyed.

Destroying the key already makes every sealed payload unreadable, backups included. The
rows go as well, so nothing about the person's care (dates, kinds, hospitals in clear
columns) outlives the account: records with their versions, index and attachments; export
archives; correction requests. Shares and hospital links are revoked through their own
services (the share's files and key are destroyed; each revocation is audited, and the rows
stay as permission history); read grants are ended by consent's own hook. The last hook
writes the deletion to the ledger.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from consent.services import grant_revoke
from corrections.services import corrections_erase
from exports.deletion.ledger import ledger_append
from exports.services import exports_erase
from hospitals.models import LinkStatus, PatientLink
from records.models import Attachment, Document
from sharing.models import Share, ShareStatus
from sharing.services import share_revoke


def erase_account_data(*, user: User, replaying: bool = False) -> dict[str, int]:
    return {
        "shares_revoked": _revoke_shares(user),
        "links_revoked": _revoke_links(user),
        "exports_deleted": exports_erase(patient_id=user.id),
        "corrections_deleted": corrections_erase(patient_id=user.id),
        **_delete_records(user),
    }


def ledger_record(*, user: User, replaying: bool = False) -> dict[str, int]:
    """The last hook: the deletion goes into the ledger (not again when it is replayed).

    Written before the commit: if the commit then failed, a restore would delete an account
    whose owner asked for it and proved it, which is the safe side to err on.
    """
    if replaying:
        return {}
    line = ledger_append(account_id=str(user.id), deleted_at=timezone.now())
    return {"ledger_seq": line.seq}


def _revoke_shares(user: User) -> int:
    """Revoked through sharing's service (files and key destroyed, grant revoked, audited),
    then the rows go: a link opened later is then simply unknown (404), and nothing of it,
    not even its sealed label, stays behind. The grants stay, as permission history."""
    shares = Share.objects.filter(patient=user)
    live = list(shares.exclude(status=ShareStatus.REVOKED).values_list("id", flat=True))
    for share_id in live:
        share_revoke(patient=user, share_id=share_id)
    shares.delete()
    return len(live)


def _revoke_links(user: User) -> int:
    """Hospital links (push grants), through consent's revoke, so each is audited. Read
    grants are consent's own hook (consent.services.grants_end_for_deletion)."""
    links = list(
        PatientLink.objects.filter(patient=user, status=LinkStatus.ACTIVE).values_list(
            "id", flat=True
        )
    )
    for link_id in links:
        grant_revoke(patient=user, grant_id=link_id)
    return len(links)


def _delete_records(user: User) -> dict[str, int]:
    attachments = Attachment.objects.filter(patient=user).count()
    documents = Document.objects.filter(patient=user)
    count = documents.count()
    documents.delete()  # versions, submissions, index entries and attachments go with them
    return {"documents_deleted": count, "attachments_deleted": attachments}
