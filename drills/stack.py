"""Throwaway services for the drills: a PostgreSQL cluster, a Redis, and PocketChart's own
processes (gunicorn, a Celery worker, beat), each on its own loopback port, never the shared
ones. Everything is started inside `Stack`, a context manager whose exit stops every process
it started and deletes the cluster's folder, whatever happened in between.
"""

from __future__ import annotations

import base64
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

REPO = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.2)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((LOOPBACK, port)) == 0


def _pg_bin() -> Path:
    configured = os.environ.get("PG_BIN")
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if configured or found:
        return Path(configured or found[-1])
    raise RuntimeError("PostgreSQL binaries not found: set PG_BIN")


class Postgres:
    """A cluster made by initdb in a temporary folder; as the postgres user when we are root
    (PostgreSQL refuses to run as root)."""

    def __init__(self, root: Path, port: int) -> None:
        self.port, self.data, self.bin = port, root / "pg", _pg_bin()
        self.log = root / "postgres.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *args], check=check, capture_output=True)  # noqa: S603

    def init(self) -> None:
        self.data.mkdir(mode=0o700)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.log, "postgres", "postgres")
        self._run(
            f"{self.bin}/initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={LOOPBACK} -k {self.data} "
            "-c max_connections=60 -c shared_buffers=64MB"
        )
        self._run(
            f"{self.bin}/pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: no checkpoint, recovery from the WAL at the next start."""
        self._run(f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def createdb(self, name: str) -> None:
        self._run(
            f"{self.bin}/createdb", "-h", LOOPBACK, "-p", str(self.port), "-U", "postgres", name
        )

    def url(self, name: str) -> str:
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{name}"


class Redis:
    def __init__(self, root: Path, port: int) -> None:
        self.port, self.root = port, root
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            LOOPBACK,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.root),
        ]
        with (self.root / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        wait_for(lambda: port_open(self.port), 20, "redis")

    def kill(self) -> None:
        """SIGKILL: a crash, so every message waiting in it is lost (nothing is saved)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


class App:
    """PocketChart's processes against the throwaway services, sharing one environment."""

    def __init__(self, root: Path, env: dict[str, str], web_port: int) -> None:
        self.root, self.env, self.web_port = root, env, web_port
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr.decode()[-2000:]}")
        return done.stdout.decode()

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        with (self.root / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(  # noqa: S603
                command,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: a kill reaches its children too
            )
        self.processes[name] = process
        return process

    def start_web(self, workers: int = 3) -> None:
        self._spawn(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-b",
                f"{LOOPBACK}:{self.web_port}",
                "-w",
                str(workers),
                "--timeout",
                "60",
            ],
        )
        wait_for(lambda: port_open(self.web_port), 60, "gunicorn")

    def start_worker(self, name: str = "worker") -> None:
        queue = self.env["CELERY_QUEUE"]
        self._spawn(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-l",
                "INFO",
                "-n",
                f"{name}@drill",
            ],
        )
        log = self.root / f"{name}.log"
        wait_for(lambda: b"ready." in log.read_bytes(), 60, f"celery {name}")

    def start_beat(self) -> None:
        self._spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "INFO",
                "-s",
                str(self.root / "beat-schedule"),
            ],
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.processes):
            try:
                self.kill(name, signal.SIGTERM)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                self.kill(name, signal.SIGKILL)


def free_port(preferred: int) -> int:
    """The preferred port when it is free (the documented one), else any free one."""
    with socket.socket() as probe:
        try:
            probe.bind((LOOPBACK, preferred))
            return preferred
        except OSError:
            probe.bind((LOOPBACK, 0))
            return int(probe.getsockname()[1])


class Stack:
    """Postgres + Redis + app processes, torn down on exit whatever happened."""

    def __init__(self, *, redis: bool = True, keep: bool = False) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="phr-drill-"))
        # The postgres user must reach its folder inside; nothing secret sits at this level.
        os.chmod(self.root, 0o755)  # noqa: S103
        self.postgres = Postgres(self.root, free_port(55432))
        self.redis = Redis(self.root, free_port(56379)) if redis else None
        self.web_port = free_port(58000)
        self.keep = keep
        self.app = App(self.root, self.environment(), self.web_port)

    def environment(self) -> dict[str, str]:
        data = self.root / "data"
        data.mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": self.postgres.url("drill"),
            "PHR_DATA_DIR": str(data),
            "PHR_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PUBLIC_BASE_URL": f"http://{LOOPBACK}:{self.web_port}",
            "CELERY_QUEUE": "drill",
            "RECORDS_SWEEP_SECONDS": "5",
            "RECORDS_SWEEP_GRACE_SECONDS": "5",
            "RECORDS_INDEX_LEASE_SECONDS": "10",
            "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
        }
        for inherited in (
            "REDIS_URL",
            "AUDIT_CHECKPOINT_PATH",
            "DELETION_LEDGER_PATH",
            "EXPORTS_DIR",
            "PHR_MASTER_KEY_FILE",
            "SECRET_KEY_FILE",
            "BACKUP_S3_BUCKET",
        ):
            env.pop(inherited, None)  # from the caller's own setup (CI): never the drill's
        if self.redis is not None:
            env["REDIS_URL"] = f"redis://{LOOPBACK}:{self.redis.port}/0"
        return env

    def __enter__(self) -> Stack:
        try:
            self.postgres.init()
            self.postgres.start()
            self.postgres.createdb("drill")
            if self.redis is not None:
                self.redis.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.app.stop_all()
        finally:
            if self.redis is not None:
                self.redis.kill()
            self.postgres.stop("immediate")
            if not self.keep:
                shutil.rmtree(self.root, ignore_errors=True)
