from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.shared.shl.fake_server import FakeShlServer
from tests.shared.shl.vectors import REPO_FIXTURES, SHARED_FIXTURES


@pytest.fixture(params=["repo-copy", "shared-live"])
def spec_dir(request: pytest.FixtureRequest) -> Path:
    """The spec vectors, from the repository copy and (when present) the shared originals."""
    if request.param == "shared-live":
        if not SHARED_FIXTURES.is_dir():
            pytest.skip("shared fixtures folder is absent")
        return SHARED_FIXTURES
    return REPO_FIXTURES


@pytest.fixture
def server() -> Iterator[FakeShlServer]:
    """A real HTTP server on 127.0.0.1, port chosen by the OS, stopped after the test."""
    running = FakeShlServer().start()
    yield running
    running.stop()
