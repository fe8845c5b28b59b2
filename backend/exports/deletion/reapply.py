"""Re-applying the deletion ledger after a restore (docs/operations.md, "Restoring").

A backup made before a deletion brings back the account's rows and its wrapped data key.
For every genuine ledger line whose account is back in this database with anything left
(active, a live data key, records, exports or unrevoked shares), the deletion runs again as
the system. Safe to run any number of times: an account already gone is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from accounts.services.profile import account_shred
from common.actors import SYSTEM
from common.models import DataKey
from exports.deletion.ledger import ledger_read
from exports.models import ExportJob
from exports.paths import exports_dir
from records.models import Document
from sharing.models import Share, ShareStatus


@dataclass
class ReapplyReport:
    lines: int = 0
    reapplied: list[str] = field(default_factory=list)
    already_deleted: int = 0
    not_in_database: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _remains(user: User) -> bool:
    return (
        user.is_active
        or DataKey.objects.filter(owner_id=user.id, destroyed_at__isnull=True).exists()
        or Document.objects.filter(patient=user).exists()
        or ExportJob.objects.filter(patient=user).exists()
        or any(exports_dir().glob(f"{user.id}-*"))
        or Share.objects.filter(patient=user).exclude(status=ShareStatus.REVOKED).exists()
    )


def deletion_ledger_reapply() -> ReapplyReport:
    read = ledger_read()
    report = ReapplyReport(lines=len(read.lines), problems=read.problems)
    for account in dict.fromkeys(line.account for line in read.lines):
        user = User.objects.filter(id=account).first()
        if user is None:
            report.not_in_database += 1
        elif not _remains(user):
            report.already_deleted += 1
        else:
            account_shred(
                user=user, actor=SYSTEM, action="account.deletion.reapply", replaying=True
            )
            report.reapplied.append(account)
    return report
