"""Nothing readable on disk or in logs: tokens and health data only ever sealed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.mobile.harness import PIN, Parts, sign_in

PLANTED = "Penicillin"  # a display from the fake server's records


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_tokens_and_records_are_never_on_disk_in_clear(
    app_parts: Parts, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    sign_in(app_parts)
    app_parts.vms.record.open("r0")
    pair = app_parts.client.tokens.pair
    assert pair is not None
    refresh, access = pair.refresh, pair.access
    stored = all_bytes(app_parts.data_dir)
    assert stored, "the cache was written"
    # Only strings long enough that ciphertext cannot contain them by chance: a two-byte id
    # such as "r0" turns up in random bytes often (this test once failed on exactly that).
    for secret in (refresh, access, PLANTED, "서울대학교병원", "Seoul General"):
        assert secret.encode() not in stored
        assert secret not in caplog.text
    assert not any("r0" in p.name for p in app_parts.data_dir.rglob("*"))
    assert any(f.suffix == ".bin" for f in (app_parts.data_dir / "cache").iterdir())


def test_the_cache_reopens_only_with_the_pin(app_parts: Parts):
    sign_in(app_parts)
    app_parts.vms.session.lock()
    assert app_parts.vms.timeline.ctx.store.read("timeline") is None
    app_parts.vms.session.unlock(PIN)
    assert len(app_parts.vms.timeline.ctx.store.read("timeline")) == 40


def test_a_swapped_cache_file_is_refused_not_misread(app_parts: Parts):
    sign_in(app_parts)
    cache = app_parts.store.cache
    assert cache is not None
    cache._path("summary").write_bytes(cache._path("links").read_bytes())
    assert cache.get("summary") is None  # the name is bound in as associated data
