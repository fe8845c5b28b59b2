from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared.shl.vectors import REPO_FIXTURES, SHARED_FIXTURES


@pytest.fixture(params=["repo-copy", "shared-live"])
def spec_dir(request: pytest.FixtureRequest) -> Path:
    """The spec vectors, from the repository copy and (when present) the shared originals."""
    if request.param == "shared-live":
        if not SHARED_FIXTURES.is_dir():
            pytest.skip("shared fixtures folder is absent")
        return SHARED_FIXTURES
    return REPO_FIXTURES
