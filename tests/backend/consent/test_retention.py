"""Retention settings below the legal floors stop start-up with a message that says why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def start(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
            **env,
        },
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value", "floor"),
    [("AUDIT_RETENTION_DAYS", "730", "731"), ("PERMISSION_CHANGE_RETENTION_DAYS", "1000", "1096")],
)
def test_a_retention_below_the_legal_minimum_refuses_to_start(name, value, floor):
    result = start(**{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name}={value} is below the legal minimum of {floor} days" in result.stderr


def test_retention_at_or_above_the_minimum_starts():
    result = start(AUDIT_RETENTION_DAYS="731", PERMISSION_CHANGE_RETENTION_DAYS="3650")
    assert result.returncode == 0, result.stderr


def test_the_floors_are_two_and_three_years_with_a_leap_day(settings):
    assert settings.AUDIT_RETENTION_MIN_DAYS == 2 * 365 + 1
    assert settings.PERMISSION_CHANGE_RETENTION_MIN_DAYS == 3 * 365 + 1
    assert settings.AUDIT_RETENTION_DAYS >= settings.AUDIT_RETENTION_MIN_DAYS
