"""The app's settings, from the environment: where the server is, where data lives.

PHR_SERVER_URL   the PocketChart server (default http://127.0.0.1:8000, the demo)
PHR_APP_DATA     the app's data folder: vault, sealed cache, preferences (default var/app)
PHR_EXPORTS_DIR  where exports are saved (default ~/PocketChart exports)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
# A portrait phone on the desktop, in pixels; read before Kivy opens its window, so it
# lives here rather than in mobile/theme.py (importing Kivy's metrics opens the window).
PHONE_WINDOW = (400, 820)


@dataclass(frozen=True)
class AppSettings:
    server_url: str
    data_dir: Path
    exports_dir: Path

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> AppSettings:
        env = dict(os.environ if environ is None else environ)
        url = env.get("PHR_SERVER_URL", "http://127.0.0.1:8000").rstrip("/")
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise SystemExit(f"PHR_SERVER_URL must be an http(s) URL, not {url!r}")
        data = Path(env.get("PHR_APP_DATA", str(REPO / "var" / "app"))).expanduser()
        exports = Path(env.get("PHR_EXPORTS_DIR", "~/PocketChart exports")).expanduser()
        return cls(url, data, exports)
