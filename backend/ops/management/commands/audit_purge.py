"""`manage.py audit_purge --before YYYY-MM-DD`: remove whole audit segments that ended
before that day (Asia/Seoul), never inside the legal retention periods. Audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.actors import Actor
from ops.retention import PurgeRefused, audit_purge, purge_plan


class Command(BaseCommand):
    help = "Purge expired audit segments (refuses dates inside the legal retention)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, type=date.fromisoformat)
        parser.add_argument("--dry-run", action="store_true", help="say what would go")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["dry_run"]:
                plan = purge_plan(before=options["before"])
            else:
                plan = audit_purge(before=options["before"], actor=Actor("operator", "cli"))
        except PurgeRefused as error:
            raise CommandError(str(error)) from None
        verb = "would purge" if options["dry_run"] else "purged"
        self.stdout.write(f"{verb} {len(plan.segments)} segments, {plan.events} events")
        if plan.held is not None:
            self.stdout.write(
                f"kept from #{plan.held.first_seq}: it holds permission changes younger than "
                "the permission-change retention"
            )
