from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.verify import seal, verify_chain


class Command(BaseCommand):
    help = "Verify the audit chain; names the first broken link and a removed tail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seal",
            action="store_true",
            help="after a clean check, move the signed head checkpoint to the current head",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = seal() if options["seal"] else verify_chain()
        if not report.ok:
            raise CommandError(report.describe())
        self.stdout.write(self.style.SUCCESS(report.describe()))
