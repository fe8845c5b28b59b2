"""`manage.py backup FILE`: the whole database, sealed under a key from the master key.

`--check FILE` verifies an existing backup instead (checksum, then decrypts and parses every
row without writing anything): run it on every backup you keep, as the EMR notice asks for
tested recovery. `--to-storage` also uploads the file to the `backups` storage (S3 in
production; docs/operations.md, "Backup and restore").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup.service import backup_check, backup_write
from ops.backup.stream import BackupError
from ops.storage import backup_upload


class Command(BaseCommand):
    help = "Write an encrypted, checksummed backup of the whole database to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the backup (or the one to --check)")
        parser.add_argument("--check", action="store_true", help="verify FILE, write nothing")
        parser.add_argument(
            "--to-storage", action="store_true", help="also upload it to the backups storage"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["check"]:
            self._check(path)
            return
        made = backup_write(path)
        self.stdout.write(
            f"backup {made.path}: {made.header['body_bytes']} bytes, sha256 "
            f"{made.header['body_sha256']}, master key {made.header['kid']}, audit head "
            f"#{made.audit_head}, {made.seconds:.1f} s"
        )
        if options["to_storage"]:
            self.stdout.write(f"uploaded as {backup_upload(made.path)}")

    def _check(self, path: Path) -> None:
        try:
            checked = backup_check(path)
        except (BackupError, OSError, ValueError) as error:
            raise CommandError(f"backup {path} is NOT usable: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"backup {path} is intact: {checked['rows']} rows, audit head "
                f"#{checked['audit_head']}, made {checked['created_at']}"
            )
        )
