"""Where finished backups are kept: the `backups` storage (settings.STORAGES), or local disk.

A small interface over Django's storage API so the same two calls serve the embedded default
(files under DATA_DIR/backups, mode 0600) and an S3-compatible bucket through django-storages.
Backups are sealed before they leave the machine, so the bucket only ever holds ciphertext.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages


def backup_storage() -> Storage:
    if "backups" in settings.STORAGES:
        return storages["backups"]
    # Read at call time: test settings move DATA_DIR after base settings ran.
    return FileSystemStorage(
        location=Path(settings.DATA_DIR) / "backups",
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def backup_upload(path: Path) -> str:
    """Store a finished backup under its own file name; returns the name it was stored as."""
    with path.open("rb") as handle:
        return backup_storage().save(path.name, File(handle, name=path.name))


def backup_download(name: str, folder: Path) -> Path:
    """Copy a stored backup into `folder` (a restore reads it twice: checksum, then load)."""
    target = folder / Path(name).name
    with backup_storage().open(name, "rb") as source, target.open("wb") as sink:
        shutil.copyfileobj(source, sink, length=1024 * 1024)
    return target


def backups_listed() -> list[str]:
    _, files = backup_storage().listdir("")
    return sorted(files)
