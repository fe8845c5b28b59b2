"""Where the SHL spec vectors live, and small readers for them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
REPO_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "shl"
# The shared folder sits next to the repository; the suite must also pass without it.
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "shl" / "hl7-spec"
SPEC_KEY = "rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q"


def load_json(directory: Path, name: str) -> Any:
    return json.loads((directory / name).read_text(encoding="utf-8"))
