"""Running work off the UI thread: the task runner the view-models receive.

In the app, work runs on a small thread pool and its result comes back on Kivy's main
thread (Clock); in tests and benchmarks `InlineTasks` runs everything at once, in order, so
view-model tests need no event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Tasks(Protocol):
    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None: ...

    def later(self, seconds: float, action: Callable[[], None]) -> None: ...


class InlineTasks:
    """Synchronous: `run` finishes before it returns; `later` waits for `fire_timers`."""

    def __init__(self) -> None:
        self.timers: list[tuple[float, Callable[[], None]]] = []

    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        try:
            result = work()
        except Exception as error:
            failed(error)
            return
        done(result)

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        self.timers.append((seconds, action))

    def fire_timers(self) -> int:
        due, self.timers = self.timers, []
        for _seconds, action in due:
            action()
        return len(due)


class ThreadTasks:
    """A thread pool for the network; results delivered on the Kivy main thread."""

    def __init__(self, workers: int = 4) -> None:
        from kivy.clock import Clock

        self._clock = Clock
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="phr")

    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        def background() -> None:
            try:
                result = work()
            except Exception as error:
                self._main(failed, error)
                return
            self._main(done, result)

        self._pool.submit(background)

    def _main(self, callback: Callable[[Any], None], value: Any) -> None:
        self._clock.schedule_once(lambda _dt: callback(value), 0)

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        self._clock.schedule_once(lambda _dt: action(), seconds)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
