"""Mobile tests: Kivy configured for a machine without a screen, before anything imports it.

View-model tests need only Kivy's EventDispatcher (no window, no GL); rendering tests run in
a subprocess with SDL's offscreen driver (see test_rendering.py). Without Kivy the tests skip
with the reason, and under PHR_REQUIRE_ALL=1 (CI) that skip is a failure.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ["KIVY_NO_ARGS"] = "1"
os.environ["KIVY_NO_CONSOLELOG"] = "1"
os.environ["KIVY_LOG_MODE"] = "PYTHON"  # Kivy leaves the root logger (and caplog) alone
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")

try:
    import kivy
except ImportError:  # pragma: no cover - CI installs it; PHR_REQUIRE_ALL turns this into a failure
    kivy = None


@pytest.fixture
def app_parts(tmp_path: Path) -> Any:
    """The app's real view-models on a FakeServer, with inline tasks and a cheap KDF."""
    if kivy is None:
        pytest.skip("Kivy is not installed (pip install -r requirements.txt)")
    from tests.mobile.harness import build

    return build(tmp_path)
