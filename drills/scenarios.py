"""The drills. Each starts what it needs on the throwaway stack, pushes real Bundles through
the hospital simulator, injects its failure part-way, lets the system recover on its own (no
manual step: the sweeper, the lease and reconnection do the work), then measures.

    redis-outage      Redis killed (SIGKILL: queued messages lost) at 20 % of the pushes,
                      started again at 60 %: every Bundle stored exactly once.
    worker-kill       the Celery worker SIGKILLed while it indexes, a new one started:
                      the re-run leaves no duplicate rows.
    postgres-restart  PostgreSQL crashed (stop -m immediate) at 30 % under 4 concurrent
                      clients and started 3 s later: no accepted submission lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from drills.stack import Stack
from drills.traffic import Pushed, bundle_files, enrol, push_all
from drills.verdict import Figures, Verdict, judge, wait_settled


@dataclass
class Result:
    name: str
    pushes: int
    pushed: Pushed
    figures: Figures
    verdict: Verdict
    recovered_in: float  # seconds from the end of the failure to everything stored
    note: str = ""


def _start_app(stack: Stack) -> None:
    stack.app.manage("migrate", "--noinput")
    stack.app.start_web()
    stack.app.start_worker()
    stack.app.start_beat()


class Failure:
    """When the failure began and ended: a drill counts only if it happened under load."""

    def __init__(self) -> None:
        self.began: float | None = None
        self.ended: float | None = None

    def begin(self) -> None:
        self.began = time.monotonic()

    def end(self) -> None:
        self.ended = time.monotonic()

    def under_load(self, pushing_ended: float) -> bool:
        return self.began is not None and self.ended is not None and self.ended < pushing_ended


def _once(at: int, action: Callable[[], None]) -> Callable[[int], None]:
    """`action` once, in the first pushing thread to see `at` pushes done."""
    lock, fired = threading.Lock(), [False]

    def hook(done: int) -> None:
        with lock:
            due = done >= at and not fired[0]
            fired[0] = fired[0] or due
        if due:
            action()

    return hook


def _run(
    stack: Stack, name: str, pushes: int, hook: Callable[[int], None], failure: Failure
) -> Result:
    _start_app(stack)
    hospital = enrol(stack.app.env["PUBLIC_BASE_URL"], stack.root / "hospital")
    files = bundle_files(stack.root / "bundles", pushes)
    pushed = push_all(hospital, files, workers=4, on_progress=hook)
    ended = time.monotonic()
    figures = wait_settled(120 + pushes * 0.5)
    verdict = judge(pushes, pushed, figures)
    if not failure.under_load(ended):
        verdict.problems.append("the failure did not begin and end while pushes were running")
    return Result(name, pushes, pushed, figures, verdict, time.monotonic() - ended)


def redis_outage(stack: Stack, pushes: int) -> Result:
    if stack.redis is None:
        raise RuntimeError("the redis-outage drill needs the stack's Redis")
    redis, failure = stack.redis, Failure()

    def kill() -> None:
        failure.begin()
        redis.kill()

    def start() -> None:
        redis.start()
        failure.end()

    down, up = _once(pushes // 5, kill), _once(pushes * 3 // 5, start)

    def hook(done: int) -> None:
        down(done)
        up(done)

    return _run(stack, "redis-outage", pushes, hook, failure)


def postgres_restart(stack: Stack, pushes: int) -> Result:
    failure = Failure()

    def start_later() -> None:
        time.sleep(3)
        stack.postgres.start()
        failure.end()

    def crash() -> None:
        # The crash itself runs in the pushing loop, so it surely lands while pushes are in
        # flight; PostgreSQL comes back from another thread while the clients retry.
        failure.begin()
        stack.postgres.stop("immediate")
        threading.Thread(target=start_later).start()

    return _run(stack, "postgres-restart", pushes, _once(pushes * 3 // 10, crash), failure)


def worker_kill(stack: Stack, pushes: int) -> Result:
    killer = _Killer(stack)
    hook = _once(pushes // 4, lambda: threading.Thread(target=killer.run).start())
    result = _run(stack, "worker-kill", pushes, hook, killer.failure)
    if killer.victim is None:
        result.verdict.problems.append("the worker was never caught mid-task")
    elif result.figures.most_attempts < 2:
        result.verdict.problems.append("the interrupted submission was never run again")
    else:
        result.note = f"killed while indexing submission {killer.victim}; it ran again"
    return result


class _Killer:
    """Waits until the worker holds a submission in `processing`, SIGKILLs it at once, checks
    the kill really interrupted that task, and starts a fresh worker."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.victim: str | None = None
        self.failure = Failure()

    def run(self) -> None:
        from django.db import connections

        try:
            self._hunt()
        finally:
            connections.close_all()  # this thread's own connection

    def _hunt(self) -> None:
        for _attempt in range(50):
            busy = self._processing()
            if busy is None:
                time.sleep(0.02)
                continue
            self.failure.begin()
            self.stack.app.kill("worker")
            self.failure.end()  # the failure is the kill; the new worker is the recovery
            if self._still_processing(busy):
                self.victim = busy
                break
            self.stack.app.start_worker()  # it finished first: try again on the next one
        if "worker" not in self.stack.app.processes:
            self.stack.app.start_worker()

    def _processing(self) -> str | None:
        from records.models import Submission

        found = Submission.objects.filter(status="processing").values_list("id", flat=True)
        first = found.first()
        return str(first) if first else None

    def _still_processing(self, submission_id: str) -> bool:
        from records.models import Submission

        return Submission.objects.filter(id=submission_id, status="processing").exists()


DRILLS: dict[str, Callable[[Stack, int], Result]] = {
    "redis-outage": redis_outage,
    "worker-kill": worker_kill,
    "postgres-restart": postgres_restart,
}
