"""Suite-wide rules and personas.

- PHR_REQUIRE_ALL=1 (set by CI): a test that skips for a missing tool, service or font fails.
- Tests marked `postgres` or `redis` need the real services; without DATABASE_URL/REDIS_URL
  they are deselected (and counted in the header), never silently passed.
"""

from __future__ import annotations

import os

import pytest

pytest_plugins = ["tests.personas", "tests.hospital_personas"]

REQUIRE_ALL = os.environ.get("PHR_REQUIRE_ALL") == "1"


def _have_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _have_redis() -> bool:
    return bool(os.environ.get("REDIS_URL"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, dropped = [], []
    for item in items:
        needs_pg = item.get_closest_marker("postgres") and not _have_postgres()
        needs_redis = item.get_closest_marker("redis") and not _have_redis()
        (dropped if needs_pg or needs_redis else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        config._phr_deselected = len(dropped)  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"database: {'PostgreSQL' if _have_postgres() else 'SQLite'}; "
        f"celery: {'Redis + worker' if _have_redis() else 'eager'}; "
        f"PHR_REQUIRE_ALL={'1' if REQUIRE_ALL else '0'}"
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    dropped = getattr(config, "_phr_deselected", 0)
    if dropped:
        terminalreporter.write_line(
            f"{dropped} tests need PostgreSQL/Redis and were not run here "
            "(set DATABASE_URL and REDIS_URL, as .ci/run does)."
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under PHR_REQUIRE_ALL=1: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _audit_append_only(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Transactional tests end with a flush, which the append-only triggers would refuse."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    from audit.maintenance import restore_append_only, suspend_append_only

    request.getfixturevalue("transactional_db")  # set up first, torn down (flushed) last
    restore_append_only()
    yield
    suspend_append_only()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A real Celery worker process on the test database, for tests marked `redis`.

    It is started by the suite (not by .ci/run) because only the suite knows the name of the
    test database pytest-django created.
    """
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    repo = Path(__file__).resolve().parents[1]
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PHR_DATA_DIR": str(settings.DATA_DIR),
        "PHR_MASTER_KEY": settings.PHR_MASTER_KEY_TEXT,
        "PYTHONPATH": f"{repo / 'backend'}:{repo}",
    }
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-l",
                "INFO",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
            ],
            env=env,
            cwd=repo,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while b"ready." not in log.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise RuntimeError(f"Celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    yield worker
    worker.terminate()
    worker.wait(timeout=30)
