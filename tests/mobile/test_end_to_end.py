"""End to end over HTTP: the app's real view-models and client against a live server.

A patient signs up in Japanese, confirms the emailed link, signs in, sets a PIN, makes a link
code; a hospital system redeems it and pushes a referral; the app syncs and reads it; then
the server goes away (the client points at a dead port) and the record is still readable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.mobile.harness import PIN, Parts

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long demo passphrase 2026"
DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def app_on_live_server(
    live_server: Any, settings: Any, tmp_path: Path, eager_tasks: None, _fresh_limits: None
) -> Parts:
    if pytest.importorskip("kivy") is None:  # pragma: no cover
        pytest.skip("Kivy is not installed")
    from mobile.main import build_view_models
    from mobile.offline.store import Store
    from mobile.platform.notifications import RecordingNotifier
    from mobile.settings import AppSettings
    from mobile.tasks import InlineTasks
    from shared.api import PocketChartClient
    from tests.mobile.harness import CHEAP

    settings.PUBLIC_BASE_URL = live_server.url  # audiences and assertion `aud` must match
    app_settings = AppSettings(live_server.url, tmp_path / "app", tmp_path / "exports")
    tasks, store, notifier = InlineTasks(), Store(app_settings.data_dir, CHEAP), RecordingNotifier()
    client = PocketChartClient(live_server.url)
    vms = build_view_models(client, tasks, store, notifier, app_settings)
    return Parts(vms, None, tasks, store, notifier, client, app_settings.data_dir)  # type: ignore[arg-type]


def sign_up_and_in(parts: Parts, mailbox: list[Any]) -> None:
    vms = parts.vms
    vms.settings.choose("ja")
    vms.signup.submit_form(
        email="haruka@example.jp",
        password=PASSWORD,
        name="佐藤 春香",
        birth_date="1980-04-02",
        country="JP",
    )
    assert vms.signup.step == "agreement", vms.signup.error
    for _ in list(vms.signup.agreements):
        vms.signup.answer(True)
    assert vms.signup.registered, vms.signup.error
    link = re.search(r"https?://\S+verify-email\?token=\S+", mailbox[-1].body)
    assert link, "the verification email carries the link"
    vms.signup.verify(link.group(0))
    assert vms.signup.verified, vms.signup.error
    vms.session.login("haruka@example.jp", PASSWORD)
    assert vms.session.stage == "set_pin", vms.session.error
    vms.session.create_pin(PIN, PIN)


def test_sign_up_link_sync_read_then_read_offline(
    app_on_live_server: Parts, caplog: pytest.LogCaptureFixture
):
    from django.core import mail

    from tests.backend.records.bundles import document
    from tests.hospital_personas import MRN_A, make_hospital

    caplog.set_level(logging.INFO)
    parts, vms = app_on_live_server, app_on_live_server.vms
    sign_up_and_in(parts, mail.outbox)

    vms.hospitals.make_code()
    assert len(vms.hospitals.code) == 8 and vms.hospitals.qr_png.startswith(b"\x89PNG")
    hospital = make_hospital("Seoul General Hospital", "11100001")
    hospital.simulator.link(code=vms.hospitals.code, identifiers=[MRN_A], birth_date="1980-04-02")
    pushed = hospital.simulator.fhir("POST", "Bundle", _json(document()))
    assert pushed.status_code == 202, pushed.text

    vms.sync.sync_now()
    assert vms.connection.online and vms.connection.last_synced
    assert [link["hospital"] for link in vms.hospitals.links] == ["Seoul General Hospital"]
    assert vms.notifications.confirmations, "the new link asks: was this you?"
    assert vms.timeline.count >= 2
    displays = " ".join(entry["display"] for entry in vms.timeline.entries)
    assert "Asthma" in displays
    problems = next(card for card in vms.summary.cards if card["section"] == "problems")
    assert problems["items"], vms.summary.cards
    asthma = next(e for e in vms.timeline.entries if "Asthma" in e["display"])
    vms.record.open(asthma["record_id"])
    assert vms.record.detail["versions"] and not vms.record.stale
    seen = dict(vms.record.detail)

    # The server goes away: everything seen stays readable, and the app says it is offline.
    parts.client.base_url = DEAD
    vms.session.lock()
    vms.session.unlock(PIN)
    vms.sync.show_cached()
    vms.sync.sync_now()
    assert not vms.connection.online
    assert "Asthma" in " ".join(entry["display"] for entry in vms.timeline.entries)
    vms.record.open(asthma["record_id"])
    assert vms.record.detail == seen and vms.record.stale
    vms.record.set_hidden(True)  # an action taken offline is kept, not lost
    assert vms.connection.pending == 1

    _nothing_in_clear(parts, caplog.text, ["Asthma", "佐藤", "haruka@example.jp", PASSWORD])


def _nothing_in_clear(parts: Parts, logs: str, planted: list[str]) -> None:
    pair = parts.client.tokens.pair
    secrets = [*planted, *([pair.refresh] if pair else [])]
    stored = b"".join(p.read_bytes() for p in parts.data_dir.rglob("*") if p.is_file())
    for secret in secrets:
        assert secret.encode() not in stored, secret
    app_logs = "\n".join(line for line in logs.splitlines() if "mobile" in line or "kivy" in line)
    for secret in secrets:
        assert secret not in app_logs, secret


def _json(body: dict[str, Any]) -> bytes:
    import json

    return json.dumps(body).encode()
