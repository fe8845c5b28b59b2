"""What every view-model shares: the context it runs in, and one way to handle failures.

Failures come in three kinds and are handled here once: the server is unreachable (fall back
to the cache and say so), the session is over (back to sign-in), or the server refused (show
its message, which is already in the person's language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, StringProperty

from mobile.offline.store import Store
from mobile.platform.notifications import Notifier
from mobile.platform.secure_storage import SecretStore
from mobile.tasks import Tasks
from shared import i18n
from shared.api import ApiError, Offline, PocketChartClient, SessionExpired

if TYPE_CHECKING:
    from mobile.viewmodels.connection import ConnectionViewModel


@dataclass
class Context:
    client: PocketChartClient
    tasks: Tasks
    store: Store
    secrets: SecretStore
    notifier: Notifier
    language: str = i18n.DEFAULT
    connection: ConnectionViewModel | None = None
    on_expired: list[Callable[[], None]] = field(default_factory=list)

    def t(self, key: str, **params: object) -> str:
        return i18n.translate(key, self.language, **params)

    def session_expired(self) -> None:
        for hook in self.on_expired:
            hook()


class ViewModel(EventDispatcher):
    busy = BooleanProperty(False)
    error = StringProperty("")

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx

    def t(self, key: str, **params: object) -> str:
        return self.ctx.t(key, **params)

    def call(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        offline: Callable[[], object] | None = None,
    ) -> None:
        """Run `work` off the UI thread; `done` gets its result, failures are handled here."""
        self.busy, self.error = True, ""

        def finished(result: Any) -> None:
            self.busy = False
            if self.ctx.connection is not None:
                self.ctx.connection.came_online()
            done(result)

        self.ctx.tasks.run(work, finished, lambda error: self.failed(error, offline))

    def failed(self, error: BaseException, offline: Callable[[], object] | None = None) -> None:
        self.busy = False
        if isinstance(error, Offline):
            if self.ctx.connection is not None:
                self.ctx.connection.went_offline()
            if offline is not None:
                offline()
            else:
                self.error = self.t("error.offline_action")
        elif isinstance(error, SessionExpired):
            self.ctx.session_expired()
        elif isinstance(error, ApiError):
            self.error = self.api_message(error)
        else:
            raise error

    def queue(self, kind: str, **params: Any) -> bool:
        """Keeps an action taken offline for the next contact, or says it cannot be kept."""
        connection = self.ctx.connection
        if connection is not None and connection.queue(kind, **params):
            return True
        self.error = self.t("error.offline_action")
        return False

    def api_message(self, error: ApiError) -> str:
        if error.fields:
            return " ".join(m for messages in error.fields.values() for m in messages)
        return error.message or self.t("error.server", status=error.status)


class DataViewModel(ViewModel):
    """A view-model showing one cached piece of the record: cache first, then the network."""

    cache_name = ""
    loaded = BooleanProperty(False)  # something (cached or fresh) is on screen
    stale = BooleanProperty(False)  # what is shown came from the cache, not the server

    def fetch(self) -> Any:
        """Runs off the UI thread: ask the server, return JSON-able data for `apply`."""
        raise NotImplementedError

    def apply(self, data: Any) -> None:
        raise NotImplementedError

    def show_cached(self) -> bool:
        data = self.ctx.store.read(self.cache_name)
        if data is None:
            return False
        self.apply(data)
        self.loaded, self.stale = True, True
        return True

    def refresh(self) -> None:
        self.call(self.fetch, self.fetched, offline=self.show_cached)

    def fetched(self, data: Any) -> None:
        self.ctx.store.write(self.cache_name, data)
        self.apply(data)
        self.loaded, self.stale = True, False
