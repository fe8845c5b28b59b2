"""Phone app figures: cold start to first frame, memory with 5,000 timeline entries, frame
time while scrolling them, and the time to sync 1,000 entries over HTTP.

    SDL_VIDEODRIVER=offscreen .venv/bin/python bench/app.py

How each is measured:
- cold start: a fresh Python process runs the real app (mobile.main's wiring, empty data
  folder, server unreachable); the time from spawning it to its first window flip.
- memory: resident set size of a process that rendered the Records screen, before and after
  5,000 entries were synced into it (the view-model's dicts plus the RecycleView).
- frame time: 120 frames while the 5,000-entry list is scrolled top to bottom.
- sync: the real client, cache and view-models syncing 1,000 entries (pages of 200) from an
  HTTP server on 127.0.0.1 that serves the timeline in the records API's shape (the test
  suite's fake server behind http.server: it measures the app's side, not the server's).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
ENV = {
    **os.environ,
    "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen"),
    "KIVY_NO_ARGS": "1",
    "KIVY_LOG_MODE": "PYTHON",
    "KIVY_NO_CONSOLELOG": "1",
    "PYTHONPATH": str(REPO),
}


def cold_start() -> float:
    env = {
        **ENV,
        "KIVY_HOME": tempfile.mkdtemp(),
        "PHR_APP_DATA": tempfile.mkdtemp(),
        "PHR_SERVER_URL": "http://127.0.0.1:9",
    }
    Path(env["KIVY_HOME"], "config.ini").unlink(missing_ok=True)
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--first-frame"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1]) - started


def first_frame_child() -> None:
    from mobile.main import configure_window

    configure_window()
    from kivy.core.window import Window

    from mobile import main

    def flipped(*_args: Any) -> None:
        print(time.time(), flush=True)
        os._exit(0)  # the figure is taken; skip the orderly shutdown

    Window.bind(on_flip=flipped)
    main.main()


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def scrolling_child() -> None:
    """Memory before/after 5,000 entries and scroll frame times, printed as JSON."""
    from mobile.main import configure_window

    configure_window()
    from kivy.base import EventLoop

    from mobile.app import PocketChartApp
    from mobile.platform.notifications import InAppNotifier
    from tests.mobile.fake_server import sample_timeline
    from tests.mobile.harness import build, sign_in

    parts = build(Path(tempfile.mkdtemp()), timeline_size=0)
    app = PocketChartApp(parts.vms, InAppNotifier())
    app._run_prepare()
    sign_in(parts)
    app.tab("records")
    for _ in range(5):
        EventLoop.idle()
    before = rss_mib()
    parts.server.timeline = sample_timeline(5000)
    parts.server.page_size = 200
    parts.vms.sync.sync_now()
    for _ in range(5):
        EventLoop.idle()
    after = rss_mib()
    view = app.screen("records").ids.list
    idle = []
    for _ in range(30):  # the cost of drawing a frame at all (software GL here)
        start = time.perf_counter()
        EventLoop.idle()
        idle.append((time.perf_counter() - start) * 1000)
    times = []
    for step in range(120):
        view.scroll_y = 1 - step / 119
        start = time.perf_counter()
        EventLoop.idle()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    smooth = []  # a thumb's scroll: 30 px a frame (1,800 px/s at 60 Hz), rows enter one by one
    per_pixel = 1 / max(view.children[0].height - view.height, 1)
    view.scroll_y = 0.5
    EventLoop.idle()
    for _ in range(120):
        view.scroll_y -= 30 * per_pixel
        start = time.perf_counter()
        EventLoop.idle()
        smooth.append((time.perf_counter() - start) * 1000)
    smooth.sort()
    print(
        json.dumps(
            {
                "rss_before": before,
                "rss_after": after,
                "entries": parts.vms.timeline.count,
                "median": times[60],
                "p95": times[113],
                "max": times[-1],
                "idle": sorted(idle)[15],
                "smooth_median": smooth[60],
                "smooth_p95": smooth[113],
            }
        )
    )


class _Handler(BaseHTTPRequestHandler):
    fake: Any = None

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        path, _, query = self.path.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        reply = self.fake.request(
            method, f"http://x{path}", headers=dict(self.headers), json=body, params=params
        )
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def log_message(self, *_args: Any) -> None:
        pass


def sync_1000() -> float:
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp())
    os.environ.update(KIVY_NO_ARGS="1", KIVY_LOG_MODE="PYTHON", KIVY_NO_CONSOLELOG="1")
    from mobile.main import build_view_models
    from mobile.offline.store import Store
    from mobile.platform.notifications import RecordingNotifier
    from mobile.settings import AppSettings
    from mobile.tasks import InlineTasks
    from shared.api import PocketChartClient
    from tests.mobile.fake_server import FakeServer
    from tests.mobile.harness import PASSWORD, PIN

    _Handler.fake = FakeServer(timeline_size=1000, page_size=200)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    folder = Path(tempfile.mkdtemp())
    settings = AppSettings(url, folder / "app", folder / "exports")
    vms = build_view_models(
        PocketChartClient(url),
        InlineTasks(),
        Store(settings.data_dir),
        RecordingNotifier(),
        settings,
    )
    vms.session.login("bench@example.com", PASSWORD)
    vms.session.create_pin(PIN, PIN)
    started = time.perf_counter()
    vms.sync.sync_now()
    elapsed = time.perf_counter() - started
    server.shutdown()
    assert vms.timeline.count == 1000, vms.timeline.count
    return elapsed


def main() -> int:
    if "--first-frame" in sys.argv:
        first_frame_child()
        return 0
    if "--scrolling" in sys.argv:
        scrolling_child()
        return 0
    starts = sorted(cold_start() for _ in range(3))
    print(
        f"cold start to first frame: median {starts[1]:.2f} s (3 runs: "
        + ", ".join(f"{s:.2f}" for s in starts)
        + ")"
    )
    env = {**ENV, "KIVY_HOME": tempfile.mkdtemp()}
    out = subprocess.run(
        [sys.executable, __file__, "--scrolling"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    print(
        f"memory: {figures['rss_before']:.0f} MiB with an empty timeline, "
        f"{figures['rss_after']:.0f} MiB with {figures['entries']} entries "
        f"(+{figures['rss_after'] - figures['rss_before']:.0f} MiB)"
    )
    print(
        f"frame time scrolling 5,000 entries, a thumb's pace (30 px/frame): median "
        f"{figures['smooth_median']:.1f} ms, p95 {figures['smooth_p95']:.1f} ms"
    )
    print(
        f"frame time flinging through all 5,000 (new rows every frame): median "
        f"{figures['median']:.1f} ms, p95 {figures['p95']:.1f} ms, max {figures['max']:.1f} ms"
    )
    print(f"a frame with nothing moving: {figures['idle']:.1f} ms (Mesa software GL here)")
    syncs = sorted(sync_1000() for _ in range(3))
    print(
        f"sync of 1,000 entries over HTTP: median {syncs[1]:.2f} s (3 runs: "
        + ", ".join(f"{s:.2f}" for s in syncs)
        + ")"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
