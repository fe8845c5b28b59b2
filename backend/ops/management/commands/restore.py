"""`manage.py restore FILE`: load a backup into an empty, migrated database.

Refuses a database with rows in it, or at another migration state. Re-applies the deletion
ledger afterwards, so accounts deleted after the backup stay deleted, and re-seals the audit
checkpoint. `--from-storage NAME` fetches the backup from the `backups` storage first.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup.load import RestoreRefused
from ops.backup.service import Restored, restore_from
from ops.backup.stream import BackupError
from ops.storage import backup_download


class Command(BaseCommand):
    help = "Restore a backup into an empty database, then re-apply the deletion ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="backup file, or its name in storage")
        parser.add_argument(
            "--from-storage", action="store_true", help="FILE names a backup in the storage"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["from_storage"]:
                with tempfile.TemporaryDirectory(prefix="phr-restore-") as folder:
                    local = backup_download(options["file"], Path(folder))
                    restored = restore_from(local)
            else:
                restored = restore_from(Path(options["file"]))
        except (RestoreRefused, BackupError, OSError) as error:
            raise CommandError(f"restore refused: {error}") from None
        self._report(restored)

    def _report(self, restored: Restored) -> None:
        self.stdout.write(
            f"restored {restored.rows} rows in {restored.seconds:.1f} s; audit head "
            f"#{restored.audit_head}; deletions re-applied: {len(restored.reapplied)}"
        )
        if restored.lost_after_seq is not None:
            self.stderr.write(
                f"the audit checkpoint reached past the backup: events after "
                f"#{restored.lost_after_seq} were lost with the old database (recorded as "
                "ops.restore in the trail)"
            )
        for problem in restored.ledger_problems:
            self.stderr.write(f"deletion ledger: {problem}")
        if restored.ledger_problems:
            raise CommandError("some deletion ledger lines failed their check (see above)")
