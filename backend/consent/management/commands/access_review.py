"""`manage.py access_review --month 2026-11`: the monthly access review, as a file to keep."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit import services as audit
from common.actors import SYSTEM
from consent.review import ReviewOptions, access_review


def _month(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"--month must look like 2026-11, got {value!r}") from None


class Command(BaseCommand):
    help = "Review one month of access to patient data; write a JSON report and print its path."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM (Asia/Seoul)")
        parser.add_argument("--output-dir", default=str(settings.DATA_DIR / "reviews"))
        parser.add_argument("--volume-threshold", type=int, default=200)
        parser.add_argument("--expiry-days", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        month = _month(options["month"])
        report = access_review(
            ReviewOptions(
                month=month,
                volume_threshold=options["volume_threshold"],
                expiry_days=options["expiry_days"],
            )
        )
        folder = Path(options["output_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"access-review-{report['month']}.json"
        partial = path.with_suffix(".json.partial")
        partial.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # a half-written report never takes the real one's place
        audit.record(
            actor=SYSTEM,
            action="consent.access_review",
            detail={"month": report["month"], "reads": report["reads"]},
        )
        self.stdout.write(str(path))
