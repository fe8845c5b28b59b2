"""The production shape on one machine: gunicorn, Celery workers and beat with prod settings.

    python tools/stack.py                       # make stack; Ctrl-C stops everything
    python tools/stack.py --db pocketchart_stack --port 8800 --web 4 --workers 2 --recreate

Runs `config.settings.prod` against the local PostgreSQL and Redis on 127.0.0.1, in the
foreground, on its own database (created and migrated on start; `--recreate` drops it first)
and its own Celery queue, so it never takes another stack's tasks. The secrets prod.py
insists on are generated once into `var/stack/<db>/` (the master key must outlive a restart:
it wraps the data keys in that database). Loopback only: TLS is not terminated here, so
`PHR_ALLOW_HTTP=1` and `SECURE_SSL_REDIRECT=0` stand in for the proxy in front.

bench/load.py and bench/fuzz.py import `Stack` and run it the same way.
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
PG = os.environ.get("STACK_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("STACK_REDIS", "redis://127.0.0.1:6379")


def _secret_file(path: Path, make: Callable[[], str]) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make() + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path


def _database(name: str, *, recreate: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if recreate:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Stack:
    """gunicorn + Celery worker + beat on one database; a context manager."""

    db: str = "pocketchart_stack"
    port: int = 8800
    web: int = 4
    workers: int = 2
    redis_db: int = 12
    recreate: bool = False
    beat: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def folder(self) -> Path:
        return REPO / "var" / "stack" / self.db

    def env(self) -> dict[str, str]:
        folder = self.folder
        master = _secret_file(
            folder / "master.key", lambda: base64.b64encode(secrets.token_bytes(32)).decode()
        )
        secret = _secret_file(folder / "secret.key", lambda: secrets.token_urlsafe(50))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PHR_", "SECRET_KEY"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                "DATABASE_URL": f"{PG}/{self.db}",
                "REDIS_URL": f"{REDIS}/{self.redis_db}",
                "CELERY_QUEUE": f"stack-{self.db}",
                "PUBLIC_BASE_URL": self.base_url,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PHR_ALLOW_HTTP": "1",  # loopback: no TLS proxy in front
                "SECURE_SSL_REDIRECT": "0",
                "SECURE_HSTS_SECONDS": "0",
                "PHR_DATA_DIR": str(folder / "data"),
                "PHR_MASTER_KEY_FILE": str(master),
                "SECRET_KEY_FILE": str(secret),
                "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
                "PYTHONPATH": f"{REPO / 'backend'}:{REPO}",
            }
        )
        env.update(self.extra_env)
        return env

    def _start(self, name: str, args: list[str]) -> None:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 - the child holds it
        process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", *args],
            cwd=REPO,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((name, process))

    def migrate(self) -> None:
        _database(self.db, recreate=self.recreate)
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=REPO,
            env=self.env(),
            check=True,
        )

    def start(self) -> Stack:
        self.migrate()
        queue = f"stack-{self.db}"
        self._start(
            "web",
            ["gunicorn", "config.wsgi", "-w", str(self.web), "-b", f"127.0.0.1:{self.port}",
             "--timeout", "120", "--graceful-timeout", "10",
             # gunicorn's default control socket is one per user: two stacks would share it.
             "--control-socket", str(self.folder / "gunicorn.ctl")],
        )  # fmt: skip
        self._start(
            "worker",
            ["celery", "-A", "config", "worker", "-Q", queue, "-c", str(self.workers),
             "-n", f"{queue}@%h", "-l", "WARNING"],
        )  # fmt: skip
        if self.beat:
            self._start(
                "beat",
                ["celery", "-A", "config", "beat", "-l", "WARNING",
                 "-s", str(self.folder / "celerybeat-schedule")],
            )  # fmt: skip
        self.wait_ready(90)
        return self

    def wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, process in self.processes:
                if process.poll() is not None:
                    self.stop()
                    raise SystemExit(f"{name} exited; see {self.folder / (name + '.log')}")
            try:
                if requests.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"the stack did not answer /healthz within {seconds:.0f} s")

    def stop(self) -> None:
        for _, process in self.processes:
            if process.poll() is None:
                process.terminate()
        for _, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:  # Ctrl-C while starting must not leave children behind
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _interrupt(signum: int, frame: object) -> None:
    # SIGTERM (a supervisor, `kill`) stops the children as Ctrl-C does.
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="pocketchart_stack", help="its own PostgreSQL database")
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--web", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker concurrency")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--recreate", action="store_true", help="drop the database first")
    args = parser.parse_args()
    stack = Stack(
        db=args.db, port=args.port, web=args.web, workers=args.workers,
        redis_db=args.redis_db, recreate=args.recreate,
    )  # fmt: skip
    signal.signal(signal.SIGTERM, _interrupt)
    with stack:
        print(
            f"PocketChart (prod settings) on {stack.base_url}: gunicorn {stack.web} workers, "
            f"Celery {stack.workers} + beat; database {stack.db}; logs in {stack.folder}"
        )
        print("Ctrl-C stops it.", flush=True)
        try:
            while all(process.poll() is None for _, process in stack.processes):
                time.sleep(1)
            print("a process exited; stopping the rest", file=sys.stderr)
        except KeyboardInterrupt:
            print("stopping")


if __name__ == "__main__":
    main()
