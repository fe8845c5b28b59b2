"""`manage.py reapply_deletions`: after restoring a backup, delete again every account the
deletion ledger names (exports.deletion.reapply). Exits 1 when the ledger has lines that
failed their check (forged, or signed by a master key no longer in the keyring)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from exports.deletion.reapply import deletion_ledger_reapply
from exports.paths import ledger_path


class Command(BaseCommand):
    help = "Re-apply the deletion ledger (run after every restore)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = deletion_ledger_reapply()
        self.stdout.write(
            f"ledger {ledger_path()}: {report.lines} deletions; re-applied "
            f"{len(report.reapplied)}, already deleted {report.already_deleted}, "
            f"not in this database {report.not_in_database}"
        )
        for account in report.reapplied:
            self.stdout.write(f"  re-applied deletion of account {account}")
        for problem in report.problems:
            self.stderr.write(f"  {problem}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} ledger lines failed their check")
