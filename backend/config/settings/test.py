"""Test settings: fast hashing; SQLite and eager Celery unless CI supplies real services."""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import REDIS_URL

SECRET_KEY = "test-only-not-secret-" + "y" * 40
DEBUG = False
DATA_DIR = Path(os.environ.get("PHR_DATA_DIR") or tempfile.mkdtemp(prefix="phr-test-"))
MEDIA_ROOT = DATA_DIR / "files"
AUDIT_CHECKPOINT_PATH = DATA_DIR / "audit-checkpoint.json"
PHR_MASTER_KEY_PATH = DATA_DIR / "master.key"
# A fixed key so a worker process started by the tests decrypts what the tests wrote.
PHR_MASTER_KEY_TEXT = os.environ.get("PHR_MASTER_KEY") or base64.b64encode(b"k" * 32).decode()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
