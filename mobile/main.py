"""Starts the phone app: builds the real API client, the view-models and the App.

PHR_SERVER_URL=http://127.0.0.1:8000 python -m mobile.main      (or: make app)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mobile.offline.store import Store
from mobile.platform.notifications import InAppNotifier, Notifier
from mobile.platform.secure_storage import SealedSecretStore
from mobile.settings import AppSettings
from mobile.tasks import Tasks
from shared.api import PocketChartClient

if TYPE_CHECKING:
    from mobile.screens.base import ViewModels


def build_view_models(
    client: PocketChartClient,
    tasks: Tasks,
    store: Store,
    notifier: Notifier,
    settings: AppSettings,
) -> ViewModels:
    """Every view-model, wired to one context; Kivy is imported only from here on."""
    from mobile.screens.base import ViewModels
    from mobile.viewmodels.access_log import AccessLogViewModel
    from mobile.viewmodels.base import Context
    from mobile.viewmodels.connection import ConnectionViewModel
    from mobile.viewmodels.consents import ConsentsViewModel
    from mobile.viewmodels.consultations import ConsultationsViewModel
    from mobile.viewmodels.devices import DevicesViewModel
    from mobile.viewmodels.exports import ExportsViewModel
    from mobile.viewmodels.followup_new import NewRequestViewModel
    from mobile.viewmodels.hospitals import HospitalsViewModel
    from mobile.viewmodels.notifications import NotificationsViewModel
    from mobile.viewmodels.record import RecordViewModel
    from mobile.viewmodels.session import SessionViewModel
    from mobile.viewmodels.settings import SettingsViewModel
    from mobile.viewmodels.share_new import NewShareViewModel
    from mobile.viewmodels.shares import SharesViewModel
    from mobile.viewmodels.signup import SignupViewModel
    from mobile.viewmodels.summary import SummaryViewModel
    from mobile.viewmodels.sync import SyncViewModel
    from mobile.viewmodels.thread import ThreadViewModel
    from mobile.viewmodels.timeline import TimelineViewModel
    from mobile.viewmodels.transfers import TransfersViewModel

    ctx = Context(client, tasks, store, SealedSecretStore(store), notifier)
    connection = ConnectionViewModel(ctx)
    settings_vm = SettingsViewModel(ctx, settings.data_dir / "prefs.json")
    hospitals = HospitalsViewModel(ctx=ctx)
    timeline = TimelineViewModel(ctx=ctx)
    summary = SummaryViewModel(ctx=ctx)
    notifications = NotificationsViewModel(ctx, hospitals)
    consents = ConsentsViewModel(ctx, hospitals)
    access_log = AccessLogViewModel(ctx=ctx)
    transfers = TransfersViewModel(ctx=ctx)
    shares = SharesViewModel(ctx=ctx)
    consultations = ConsultationsViewModel(ctx=ctx)
    parts = [hospitals, notifications, summary, timeline, shares, consultations, consents]
    session = SessionViewModel(ctx)
    session.start(language_chosen=settings_vm.chosen)
    return ViewModels(
        session=session,
        signup=SignupViewModel(ctx),
        settings=settings_vm,
        connection=connection,
        sync=SyncViewModel(ctx, [*parts, access_log, transfers]),
        summary=summary,
        timeline=timeline,
        record=RecordViewModel(ctx, timeline),
        hospitals=hospitals,
        notifications=notifications,
        devices=DevicesViewModel(ctx),
        exports=ExportsViewModel(ctx, settings.exports_dir),
        consents=consents,
        access_log=access_log,
        transfers=transfers,
        shares=shares,
        share_new=NewShareViewModel(ctx, shares, timeline),
        consultations=consultations,
        followup_new=NewRequestViewModel(ctx, consultations),
        thread=ThreadViewModel(ctx, consultations, notifications),
    )


def configure_window() -> None:
    """A portrait phone-sized window on the desktop (Android ignores this)."""
    from kivy.config import Config

    from mobile.settings import PHONE_WINDOW

    Config.set("graphics", "width", str(PHONE_WINDOW[0]))
    Config.set("graphics", "height", str(PHONE_WINDOW[1]))
    Config.set("kivy", "exit_on_escape", "0")  # Escape is "back", as on a phone


def main() -> int:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    settings = AppSettings.from_environment()
    configure_window()
    from mobile.app import PocketChartApp
    from mobile.tasks import ThreadTasks

    store = Store(settings.data_dir)
    notifier = InAppNotifier()
    client = PocketChartClient(settings.server_url)
    vms = build_view_models(client, ThreadTasks(), store, notifier, settings)
    PocketChartApp(vms, notifier).run()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
