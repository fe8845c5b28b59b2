"""The master keyring: keys that wrap every patient's data key. Never stored in the database.

Keys come from PHR_MASTER_KEY / PHR_MASTER_KEY_FILE (base64, comma- or line-separated, the
first is current). In development only, a key is generated into the data folder with a warning.
A key's id is derived from the key itself so that rows can name the key that wrapped them.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import parse_master_keys

logger = logging.getLogger("pocketchart.crypto")


@dataclass(frozen=True)
class MasterKey:
    kid: str
    key: bytes


@dataclass(frozen=True)
class Keyring:
    keys: tuple[MasterKey, ...]

    @property
    def current(self) -> MasterKey:
        return self.keys[0]

    def by_kid(self, kid: str) -> MasterKey:
        for key in self.keys:
            if key.kid == kid:
                return key
        raise ImproperlyConfigured(
            f"Master key {kid} is not in the keyring: was it removed before rotate_master_key?"
        )


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"pocketchart-master-key-id" + key).hexdigest()[:16]


def _autogenerate(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        logger.warning(
            "No PHR_MASTER_KEY set: generated a development master key in %s. "
            "Production refuses to start without one.",
            path,
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return path.read_text(encoding="utf-8")


def _load_text() -> tuple[str, str]:
    if settings.PHR_MASTER_KEY_TEXT:
        return settings.PHR_MASTER_KEY_TEXT, "PHR_MASTER_KEY"
    path = Path(settings.PHR_MASTER_KEY_PATH)
    if settings.PHR_MASTER_KEY_AUTOGENERATE:
        return _autogenerate(path), str(path)
    raise ImproperlyConfigured("PHR_MASTER_KEY or PHR_MASTER_KEY_FILE must be set")


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    text, source = _load_text()
    keys = parse_master_keys(text, source)
    return Keyring(tuple(MasterKey(key_id(k), k) for k in keys))


def reset_keyring_cache() -> None:
    """For key rotation and tests: re-read the keyring on next use."""
    keyring.cache_clear()
