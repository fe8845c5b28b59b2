"""The embedded default: SQLite, eager Celery and files under ./var, for one machine."""

from __future__ import annotations

from config.env import env_bool
from config.settings.base import *  # noqa: F403
from config.settings.base import DATA_DIR, SECRET_KEY

DEBUG = env_bool("DEBUG", True)
DATA_DIR.mkdir(parents=True, exist_ok=True)
if not SECRET_KEY:  # development only; prod.py requires one
    SECRET_KEY = "dev-only-not-secret-" + "x" * 40
# A master key is generated into var/master.key on first use, with a warning.
PHR_MASTER_KEY_AUTOGENERATE = True
