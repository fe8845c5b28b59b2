"""Where exports and the deletion ledger live on disk.

Read at call time, not import time: test settings move DATA_DIR after base settings ran, and
an operator may point either path at other storage (docs/operations.md).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def exports_dir() -> Path:
    folder = Path(settings.EXPORTS_DIR or Path(settings.DATA_DIR) / "exports")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def ledger_path() -> Path:
    return Path(settings.DELETION_LEDGER_PATH or Path(settings.DATA_DIR) / "deletion-ledger.jsonl")
