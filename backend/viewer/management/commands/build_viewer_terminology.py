"""`manage.py build_viewer_terminology [--check]`: (re)write the viewer's code tables.

Run it after changing shared/terminology/data or the reading labels; the suite runs it with
--check, which fails while the committed tables differ from what the data says.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from viewer.tables import TABLE_DIR, stale_tables, write_tables


class Command(BaseCommand):
    help = "Build the viewer's terminology JSON tables from shared/terminology."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="only report stale tables; exit 1 if any"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            stale = stale_tables()
            if stale:
                raise CommandError(
                    f"Stale viewer tables in {TABLE_DIR}: {', '.join(stale)}. "
                    "Run `manage.py build_viewer_terminology`."
                )
            self.stdout.write("Viewer terminology tables are current.")
            return
        names = write_tables()
        self.stdout.write(f"Wrote {len(names)} tables to {TABLE_DIR}: {', '.join(names)}")
