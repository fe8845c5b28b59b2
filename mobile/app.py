"""The App: which screen shows when, built on first use; the bottom bar; back like a phone.

Screens are imported and built only when first shown, so a cold start builds one screen.
The app follows the view-models (`session.stage`, `signup.step`) and never the reverse.
"""

from __future__ import annotations

import importlib
from typing import Any

from kivy.app import App
from kivy.core.window import Window
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

from mobile import theme
from mobile.i18n import tr
from mobile.platform.notifications import InAppNotifier
from mobile.screens.base import ViewModels
from mobile.widgets import common
from mobile.widgets.common import Banner, BottomBar, Tab
from mobile.widgets.text import register_fonts

SCREENS: dict[str, tuple[str, str]] = {
    "language": ("language", "LanguageScreen"),
    "signin": ("signin", "SignInScreen"),
    "signup": ("signup", "SignUpScreen"),
    "agreement": ("agreement", "AgreementScreen"),
    "verify": ("verify", "VerifyScreen"),
    "pin": ("pin", "PinScreen"),
    "summary": ("summary", "SummaryScreen"),
    "records": ("records", "RecordsScreen"),
    "record": ("record", "RecordScreen"),
    "correction": ("correction", "CorrectionScreen"),
    "share": ("share", "ShareScreen"),
    "share_new": ("share_new", "ShareNewScreen"),
    "share_qr": ("share_qr", "ShareQrScreen"),
    "share_detail": ("share_detail", "ShareDetailScreen"),
    "followup": ("followup", "FollowupScreen"),
    "followup_new": ("followup_new", "FollowupNewScreen"),
    "thread": ("thread", "ThreadScreen"),
    "me": ("me", "MeScreen"),
    "exports": ("exports", "ExportsScreen"),
    "consents": ("consents", "ConsentsScreen"),
    "consent": ("consent", "ConsentScreen"),
    "grant_new": ("grant_new", "GrantNewScreen"),
    "access_log": ("access_log", "AccessLogScreen"),
    "transfers": ("transfers", "TransfersScreen"),
    "hospitals": ("hospitals", "HospitalsScreen"),
    "linkcode": ("linkcode", "LinkCodeScreen"),
    "notifications": ("notifications", "NotificationsScreen"),
    "devices": ("devices", "DevicesScreen"),
}
STAGE_SCREEN = {
    "language": "language",
    "signin": "signin",
    "set_pin": "pin",
    "unlock": "pin",
    "home": "summary",
}
TABS = ("summary", "records", "share", "followup", "me")
TOAST_SECONDS = 6.0


class Shell(BoxLayout):
    """The window's content: a toast on top, the screens, the bottom bar when signed in."""

    toast = StringProperty("")


class PocketChartApp(App):
    title = "PocketChart"

    def __init__(self, vms: ViewModels, notifier: InAppNotifier | None = None, **kw: Any):
        super().__init__(**kw)
        self.vms = vms
        self.notifier = notifier
        self.history: list[str] = []
        self.manager = ScreenManager(transition=NoTransition())

    # -- building -------------------------------------------------------------------------

    def build(self) -> Shell:
        register_fonts()
        common.load()
        tr.language = self.vms.settings.language
        self.vms.settings.bind(language=lambda _vm, lang: setattr(tr, "language", lang))
        shell = Shell(orientation="vertical")
        self.toast_banner = Banner(tone="info")
        self.bar = BottomBar(on_pick=self.tab)
        for name in (self.toast_banner, self.manager, self.bar):
            shell.add_widget(name)
        self._bind_view_models()
        Window.bind(on_keyboard=self._key)
        self._follow_stage()
        return shell

    def _bind_view_models(self) -> None:
        vms = self.vms
        vms.session.bind(stage=self._follow_stage)
        vms.signup.bind(step=self._follow_signup, index=self._follow_signup)
        vms.timeline.bind(new_since_seen=self._badges)
        vms.notifications.bind(unread=self._badges, follow_up=self._badges)
        vms.shares.bind(new_accesses=self._badges)
        vms.access_log.bind(new_count=self._badges)
        tr.bind(language=self._badges)
        if self.notifier is not None:
            self.notifier.show = self.show_toast

    def screen(self, name: str) -> Screen:
        """The screen called `name`, built now if it never was."""
        if not self.manager.has_screen(name):
            module, cls = SCREENS[name.split("-")[0]]
            factory = getattr(importlib.import_module(f"mobile.screens.{module}"), cls)
            extra = {"index": int(name.split("-")[1])} if "-" in name else {}
            self.manager.add_widget(factory(vms=self.vms, router=self, name=name, **extra))
        return self.manager.get_screen(name)

    # -- following the view-models --------------------------------------------------------

    def _follow_stage(self, *_args: Any) -> None:
        stage = self.vms.session.stage
        if stage == "signup":
            self._follow_signup()
            return
        self.history.clear()
        self._show(STAGE_SCREEN[stage])
        if stage == "home":
            self.vms.sync.show_cached()
            self.vms.sync.sync_now()

    def _follow_signup(self, *_args: Any) -> None:
        if self.vms.session.stage != "signup":
            return
        signup = self.vms.signup
        name = {"form": "signup", "verify": "verify"}.get(signup.step, f"agreement-{signup.index}")
        self._show(name)

    def _show(self, name: str) -> None:
        self.screen(name)
        self.manager.current = name
        self._badges()

    # -- the router the screens use -------------------------------------------------------

    def go(self, name: str) -> None:
        self.history.append(self.manager.current)
        self._show(name)

    def back(self) -> None:
        if self.history:
            self._show(self.history.pop())
        elif self.vms.session.stage == "signup":
            self.vms.signup.back()
        elif self.manager.current != "summary" and self.vms.session.stage == "home":
            self.tab("summary")

    def tab(self, name: str) -> None:
        self.history.clear()
        self._show(name)

    def _key(self, _window: Any, key: int, *_args: Any) -> bool:
        if key == 27 and (self.history or self.manager.current not in ("summary", "signin")):
            self.back()  # Android's back button and Escape on the desktop
            return True
        return False

    # -- bar, badges, toasts --------------------------------------------------------------

    def _badges(self, *_args: Any) -> None:
        at_home = self.vms.session.stage == "home"
        self.bar.height = theme.TOUCH + theme.SPACE * 3 if at_home else 0
        self.bar.opacity = 1 if at_home else 0
        self.bar.disabled = not at_home
        notifications = self.vms.notifications
        badges = {
            "records": self.vms.timeline.new_since_seen,
            "share": self.vms.shares.new_accesses,
            "followup": notifications.follow_up,
            "me": notifications.unread - notifications.follow_up + self.vms.access_log.new_count,
        }
        current = self.manager.current
        active = current if current in TABS else (self.history[0] if self.history else "")
        self.bar.clear_widgets()
        for name in TABS:
            tab = Tab(
                name=name,
                label=tr._(f"tab.{name}"),
                badge=badges.get(name, 0),
                active=name == active,
            )
            tab.bind(on_release=lambda t: self.tab(t.name))
            self.bar.add_widget(tab)

    def show_toast(self, title: str, body: str) -> None:
        from kivy.clock import Clock

        self.toast_banner.text = f"{title}: {body}"
        Clock.schedule_once(lambda _dt: setattr(self.toast_banner, "text", ""), TOAST_SECONDS)
