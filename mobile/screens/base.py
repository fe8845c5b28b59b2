"""What every screen gets: the view-models and the router, both injected by the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

from mobile.viewmodels.access_log import AccessLogViewModel
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


@dataclass
class ViewModels:
    session: SessionViewModel
    signup: SignupViewModel
    settings: SettingsViewModel
    connection: ConnectionViewModel
    sync: SyncViewModel
    summary: SummaryViewModel
    timeline: TimelineViewModel
    record: RecordViewModel
    hospitals: HospitalsViewModel
    notifications: NotificationsViewModel
    devices: DevicesViewModel
    exports: ExportsViewModel
    consents: ConsentsViewModel
    access_log: AccessLogViewModel
    transfers: TransfersViewModel
    shares: SharesViewModel
    share_new: NewShareViewModel
    consultations: ConsultationsViewModel
    followup_new: NewRequestViewModel
    thread: ThreadViewModel


class Router(Protocol):
    def go(self, name: str) -> None: ...

    def back(self) -> None: ...

    def tab(self, name: str) -> None: ...


class AppScreen(Screen):
    vms = ObjectProperty(None)
    router = ObjectProperty(None)

    def __init__(self, vms: ViewModels, router: Router, **kwargs: Any) -> None:
        super().__init__(vms=vms, router=router, **kwargs)


def load_kv(module_file: str) -> None:
    """Loads the .kv beside a screen's .py once, however often the module is imported."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)
