"""The viewer's files (JS modules, CSS, terminology tables), served by Django itself.

Production runs gunicorn with no static file server in front (docs/operations.md), and the
viewer must work on its own host too, so its few files are read from static/viewer/ into
memory and served by a view with the same strict headers as the page. Their URL carries a
digest of all of them (/viewer/assets/<digest>/viewer.js), so ES module imports resolve to
the same version and every file can be cached for a year: a deploy changes the digest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

ASSET_DIR = Path(__file__).with_name("static") / "viewer"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Assets:
    digest: str
    files: dict[str, tuple[bytes, str]]  # relative name -> (body, content type)


def _load(directory: Path) -> Assets:
    files: dict[str, tuple[bytes, str]] = {}
    for path in sorted(directory.rglob("*")):
        kind = CONTENT_TYPES.get(path.suffix)
        if path.is_file() and kind:
            files[path.relative_to(directory).as_posix()] = (path.read_bytes(), kind)
    hasher = hashlib.sha256()
    for name, (body, _kind) in files.items():
        hasher.update(name.encode() + b"\0" + hashlib.sha256(body).digest())
    return Assets(hasher.hexdigest()[:16], files)


@lru_cache(maxsize=1)
def _cached() -> Assets:
    return _load(ASSET_DIR)


def assets() -> Assets:
    """Read once per process; re-read on every request in DEBUG, so edits show on reload."""
    return _load(ASSET_DIR) if settings.DEBUG else _cached()
