"""The failure drills, bounded, as CI runs them; and the verdict failing when it must.

Each drill makes its own PostgreSQL cluster and Redis on other loopback ports (drills/run.py);
they are marked postgres and redis because they need those binaries, which CI has.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drills.traffic import Pushed
from drills.verdict import Figures, judge

REPO = Path(__file__).resolve().parents[2]


def run_drill(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "drills/run.py", *args], cwd=REPO, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr[-3000:]
    assert done.returncode == 0, output
    return output


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize("drill", ["redis-outage", "worker-kill", "postgres-restart"])
def test_the_bounded_drill_passes(drill: str) -> None:
    output = run_drill("--drill", drill, "--pushes", "60")
    assert f"PASS {drill}: 60 pushes" in output and "problem:" not in output


@pytest.mark.postgres
@pytest.mark.slow
def test_the_restore_drill_brings_back_the_demo_data_without_the_deleted_patient() -> None:
    output = run_drill("--drill", "restore")
    assert "PASS restore" in output and "deletions re-applied: 1" in output


def figures(**changes: object) -> Figures:
    fields: dict[str, object] = {
        "submissions": {"stored": 3}, "submission_ids": frozenset({"s1", "s2", "s3"}),
        "documents": 3, "versions": 3, "index_rows": 30, "duplicate_index_rows": 0,
        "entries_per_document": (10, 10), "most_attempts": 1,
    }  # fmt: skip
    return Figures(**{**fields, **changes})  # type: ignore[arg-type]


def pushed(*ids: str) -> Pushed:
    return Pushed(accepted={f"b{number}.json": value for number, value in enumerate(ids)})


def test_the_verdict_passes_when_every_bundle_is_stored_once() -> None:
    assert judge(3, pushed("s1", "s2", "s3"), figures()).passed


def test_the_verdict_fails_on_an_accepted_submission_missing_from_the_database() -> None:
    verdict = judge(3, pushed("s1", "s2", "s9"), figures())
    assert not verdict.passed and "missing" in verdict.problems[0]


def test_the_verdict_fails_on_duplicate_rows_or_a_document_stored_twice() -> None:
    ids = pushed("s1", "s2", "s3")
    assert not judge(3, ids, figures(duplicate_index_rows=2)).passed
    assert not judge(3, ids, figures(documents=4, versions=4)).passed
    assert not judge(3, ids, figures(entries_per_document=(10, 20))).passed


def test_the_verdict_fails_while_submissions_are_still_queued() -> None:
    verdict = judge(3, pushed("s1", "s2", "s3"), figures(submissions={"stored": 2, "queued": 1}))
    assert not verdict.passed
