"""Renders every screen offscreen and saves PNGs; prints one JSON line of findings.

Run by test_rendering.py in a subprocess (Kivy keeps one window per process):
    SDL_VIDEODRIVER=offscreen python -m tests.mobile.render_app OUT_DIR
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
os.environ.update(KIVY_NO_ARGS="1", KIVY_LOG_MODE="PYTHON", KIVY_NO_CONSOLELOG="1")
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")

from mobile.main import configure_window

configure_window()

from kivy.base import EventLoop  # noqa: E402
from kivy.core.window import Window  # noqa: E402

from mobile.app import PocketChartApp  # noqa: E402
from mobile.platform.notifications import InAppNotifier  # noqa: E402
from tests.mobile import glyphs  # noqa: E402
from tests.mobile.harness import PASSWORD, PIN, build  # noqa: E402

LANGS_ALL = ("ko", "en", "ja", "zh-hans", "zh-hant", "th")


def frames(count: int = 3) -> None:
    for _ in range(count):
        EventLoop.idle()


def shot(out: Path, name: str) -> str:
    frames()
    saved = Window.screenshot(name=str(out / f"{name}.png"))
    target = out / f"{name}.png"
    if saved and Path(saved) != target:
        os.replace(saved, target)
    return target.name


class Run:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.parts = build(Path(tempfile.mkdtemp(prefix="render-")), timeline_size=60)
        self.vms = self.parts.vms
        self.app = PocketChartApp(self.vms, InAppNotifier())
        self.app._run_prepare()
        self.saved: list[str] = []

    def lang(self, code: str) -> None:
        self.vms.settings.choose(code)

    def save(self, name: str) -> None:
        self.saved.append(shot(self.out, name))

    def both(self, name: str, languages: tuple[str, ...] = ("ko", "en")) -> None:
        for code in languages:
            self.lang(code)
            self.save(f"{name}-{code}")

    def onboarding(self) -> None:
        self.both("language")
        self.vms.session.stage = "signin"
        self.both("signin")
        self.vms.session.stage = "signup"
        self.both("signup")
        self.lang("en")
        self.vms.signup.submit_form(
            email="minji@example.com",
            password=PASSWORD,
            name="김민지",
            birth_date="1980-04-02",
            country="KR",
        )
        self.both("agreement")
        for _ in self.vms.signup.agreements:
            self.vms.signup.answer(True)
        self.both("verify")
        self.vms.session.stage = "signin"
        self.vms.session.login("minji@example.com", PASSWORD)
        self.both("pin")
        self.vms.session.create_pin(PIN, PIN)

    def home(self) -> None:
        self.parts.server.add_link()
        self.vms.sync.sync_now()
        self.both("summary", LANGS_ALL)
        for tab in ("records", "share", "followup", "me"):
            self.app.tab(tab)
            self.both(tab)
        self.app.tab("records")
        self.app.screen("records").open("r0")
        self.both("record")
        self.app.go("correction")
        self.both("correction")
        self.app.tab("me")
        for page in ("hospitals", "notifications", "devices", "exports"):
            self.app.go(page)
            self.both(page)
            self.app.back()
        self.app.go("hospitals")
        self.app.screen("hospitals").make_code()
        self.both("linkcode")
        self.app.tab("summary")

    def care(self) -> None:
        """Sharing, follow-up and consent screens, on data a patient would have."""
        from tests.mobile.render_care import seed

        seed(self.parts.server)
        self.vms.sync.sync_now()
        self.sharing()
        self.follow_up()
        self.consents()
        self.app.tab("summary")

    def sharing(self) -> None:
        flow = self.vms.share_new
        self.app.tab("share")
        self.app.screen("share").new_share()
        self.both("share_new")
        flow.next()
        flow.next()
        flow.next()
        flow.set_recipient("Dr Sato", "JP")
        self.both("share_new-country")
        flow.next()  # abroad: the transfer consent shows first
        self.both("share_new-transfer")
        flow.transfer.agree()
        flow.transfer.agree()
        self.both("share_qr", ("ko", "en", "ja"))
        self.app.screen("share_qr").done()
        self.parts.server.care.open_share(self.parts.server.care.shares[0]["id"], "Dr Sato")
        self.parts.server.care.open_share(self.parts.server.care.shares[0]["id"], "佐藤 医師")
        self.vms.sync.sync_now()
        self.both("share")
        self.app.screen("share").open(self.vms.shares.active[0])
        self.both("share_detail")

    def follow_up(self) -> None:
        flow = self.vms.followup_new
        self.app.tab("followup")
        self.both("followup")
        self.app.screen("followup").new_request()
        self.both("followup_new")
        flow.next()
        self.both("followup_new-question")
        flow.set_question("Dermatology", "The rash came back after I flew home.", "Cream?")
        for _ in range(5):
            flow.next()
        self.both("followup_new-doctor")
        self.app.tab("followup")
        self.app.screen("followup").open(self.vms.consultations.requests[0])
        self.both("thread")

    def consents(self) -> None:
        self.app.tab("me")
        for page in ("consents", "access_log", "transfers"):
            self.app.go(page)
            self.both(page)
            self.app.back()
        self.app.go("consents")
        self.app.screen("consents").open(self.vms.consents.grants[0])
        self.both("consent")
        self.app.back()
        self.app.screen("consents").give()
        self.both("grant_new")
        self.app.tab("me")
        self.both("me-badges")

    def offline(self) -> None:
        self.parts.server.down = True
        self.vms.sync.sync_now()
        self.both("summary-offline", ("ko", "ja"))
        self.app.tab("records")
        self.both("records-offline", ("ja",))
        self.parts.server.down = False

    def scroll(self, entries: int) -> dict[str, Any]:
        from tests.mobile.fake_server import sample_timeline

        self.parts.server.timeline = sample_timeline(entries)
        self.vms.sync.sync_now()
        self.app.tab("records")
        frames(5)
        view = self.app.screen("records").ids.list
        times = []
        for step in range(120):
            view.scroll_y = 1 - (step / 119)
            start = time.perf_counter()
            EventLoop.idle()
            times.append(time.perf_counter() - start)
        self.save("records-5000-en")
        times.sort()
        return {
            "rows": len(view.data),
            "frames": len(times),
            "median_ms": round(times[len(times) // 2] * 1000, 2),
            "p95_ms": round(times[int(len(times) * 0.95)] * 1000, 2),
        }


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    run = Run(out)
    run.onboarding()
    run.home()
    run.care()
    run.offline()
    scroll = run.scroll(5000)
    report = {
        "saved": run.saved,
        "scroll": scroll,
        "glyphs": glyphs.check(),
        "shaping": glyphs.thai_shaping(),
    }
    print("RESULT " + json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
