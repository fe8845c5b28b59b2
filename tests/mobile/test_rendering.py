"""Every screen built, rendered offscreen and saved as a PNG (Korean and English; the summary
in all six languages), real glyphs proven, and a 5,000-entry timeline scrolled.

One subprocess renders everything (Kivy keeps one window per process), which keeps the suite
fast. Screenshots go to var/screenshots/ (gitignored); the path is printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "var" / "screenshots"
SCREENS = (
    "language",
    "signin",
    "signup",
    "agreement",
    "verify",
    "pin",
    "summary",
    "records",
    "record",
    "correction",
    "share",
    "share_new",
    "share_new-country",
    "share_new-transfer",
    "share_qr",
    "share_detail",
    "followup",
    "followup_new",
    "followup_new-question",
    "followup_new-doctor",
    "thread",
    "me",
    "me-badges",
    "exports",
    "consents",
    "consent",
    "grant_new",
    "access_log",
    "transfers",
    "hospitals",
    "linkcode",
    "notifications",
    "devices",
)


def _gl_missing() -> str | None:
    try:
        import kivy  # noqa: F401
    except ImportError:
        return "Kivy is not installed"
    if not Path("/usr/lib/x86_64-linux-gnu/libEGL.so.1").exists() and not list(
        Path("/usr/lib").rglob("libEGL.so.1")
    ):
        return "no EGL: apt-get install libgl1-mesa-dri libegl1 libgles2 (see .ci/apt-packages.txt)"
    return None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    reason = _gl_missing()
    if reason:
        pytest.skip(reason)
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "offscreen",
        "PYTHONPATH": str(REPO),
        "KIVY_HOME": str(tmp_path_factory.mktemp("kivy-home")),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.mobile.render_app", str(OUT)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    report = json.loads(line.removeprefix("RESULT "))
    print(f"\nscreenshots: {OUT}")
    print(f"5,000-entry timeline scroll: {report['scroll']}")
    return report


def test_every_screen_renders_in_korean_and_english(rendered: dict):
    saved = set(rendered["saved"])
    for screen in SCREENS:
        for language in ("ko", "en"):
            assert f"{screen}-{language}.png" in saved, screen
            assert (OUT / f"{screen}-{language}.png").stat().st_size > 5_000


def test_the_qr_renders_in_japanese(rendered: dict):
    assert "share_qr-ja.png" in rendered["saved"]


def test_the_summary_renders_in_all_six_languages_and_offline(rendered: dict):
    for language in ("ko", "en", "ja", "zh-hans", "zh-hant", "th"):
        assert f"summary-{language}.png" in rendered["saved"]
    assert "summary-offline-ja.png" in rendered["saved"]


def test_glyphs_are_real_where_roboto_draws_boxes(rendered: dict):
    for language, found in rendered["glyphs"].items():
        assert found["distinct"] == found["of"], (language, found)  # one image per character
        assert found["roboto_distinct"] == 1, (language, found)  # Roboto: one box for all


def test_thai_is_shaped(rendered: dict):
    assert rendered["shaping"]["differs"]


def test_five_thousand_entries_scroll(rendered: dict):
    scroll = rendered["scroll"]
    assert scroll["rows"] >= 5000 and scroll["frames"] == 120
