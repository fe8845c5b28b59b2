"""Building the app's view-models for tests: the real ones, on a FakeServer, run inline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mobile.offline.store import Store
from mobile.offline.vault import KdfCost
from mobile.platform.notifications import RecordingNotifier
from mobile.settings import AppSettings
from mobile.tasks import InlineTasks
from shared.api import PocketChartClient
from tests.mobile.fake_server import FakeServer

CHEAP = KdfCost(n=2**10, r=8, p=1)  # tests only: the app uses 2**15
PASSWORD = "correct horse battery"
PIN = "246810"


@dataclass
class Parts:
    vms: Any
    server: FakeServer
    tasks: InlineTasks
    store: Store
    notifier: RecordingNotifier
    client: PocketChartClient
    data_dir: Path


def build(tmp_path: Path, server: FakeServer | None = None, **server_args: Any) -> Parts:
    from mobile.main import build_view_models

    server = server or FakeServer(**server_args)
    settings = AppSettings("http://pocketchart.test", tmp_path / "app", tmp_path / "exports")
    tasks, store, notifier = InlineTasks(), Store(settings.data_dir, CHEAP), RecordingNotifier()
    client = PocketChartClient(settings.server_url, transport=server)
    vms = build_view_models(client, tasks, store, notifier, settings)
    return Parts(vms, server, tasks, store, notifier, client, settings.data_dir)


def sign_in(parts: Parts, pin: str = PIN) -> None:
    """Sign in and set the PIN, as a person does on first launch."""
    parts.vms.settings.choose("ko")
    parts.vms.session.login("minji@example.com", PASSWORD)
    parts.vms.session.create_pin(pin, pin)
    assert parts.vms.session.stage == "home", parts.vms.session.error
    parts.vms.sync.sync_now()
