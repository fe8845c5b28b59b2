"""The console's stylesheet and script, served by Django itself.

Production runs gunicorn with nothing serving /static/ (docs/operations.md), and a hospital
network may block outside hosts, so the two small files are read from static/staffconsole/
and served by a view. Their URL carries a digest of their contents, so they can be cached
for a year: a deploy that changes them changes the URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

ASSET_DIR = Path(__file__).with_name("static") / "staffconsole"
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Assets:
    digest: str
    files: dict[str, tuple[bytes, str]]  # file name -> (body, content type)


def _load() -> Assets:
    files = {
        path.name: (path.read_bytes(), CONTENT_TYPES[path.suffix])
        for path in sorted(ASSET_DIR.iterdir())
        if path.suffix in CONTENT_TYPES
    }
    hasher = hashlib.sha256()
    for name, (body, _kind) in files.items():
        hasher.update(name.encode() + b"\0" + hashlib.sha256(body).digest())
    return Assets(hasher.hexdigest()[:16], files)


@lru_cache(maxsize=1)
def _cached() -> Assets:
    return _load()


def assets() -> Assets:
    """Read once per process; in DEBUG on every request, so edits show on reload."""
    return _load() if settings.DEBUG else _cached()
