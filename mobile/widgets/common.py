"""The app's building blocks; their look is in widgets.kv, their colours in mobile/theme.py."""

from __future__ import annotations

from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from mobile.widgets.text import AppLabel


class Tappable(ButtonBehavior, AppLabel):
    """A label-like button: every button in the app is one of these (48 dp tall at least)."""

    style = StringProperty("primary")  # primary | quiet | danger | chip
    selected = BooleanProperty(False)


class Card(BoxLayout):
    tone = StringProperty("plain")  # plain | warning | info | offline


class TopBar(BoxLayout):
    title = StringProperty("")
    back = ObjectProperty(None, allownone=True)  # called by the back arrow; None hides it


class Tab(ButtonBehavior, BoxLayout):
    name = StringProperty("")
    label = StringProperty("")
    mark = StringProperty("")  # the tab's symbol
    badge = NumericProperty(0)
    active = BooleanProperty(False)


class BottomBar(BoxLayout):
    current = StringProperty("summary")
    tabs = ListProperty([])  # (name, label, mark, badge)
    on_pick = ObjectProperty(None, allownone=True)


class Banner(BoxLayout):
    text = StringProperty("")
    tone = StringProperty("offline")


class KindIcon(AppLabel):
    kind = StringProperty("document")


class MonthHeader(RecycleDataViewBehavior, AppLabel):
    month = StringProperty("")


class TimelineRow(RecycleDataViewBehavior, ButtonBehavior, BoxLayout):
    record_id = StringProperty("")
    display = StringProperty("")
    date = StringProperty("")
    hospital = StringProperty("")
    section = StringProperty("")
    icon = StringProperty("document")
    hidden = BooleanProperty(False)
    resource_type = StringProperty("")
    status = StringProperty("")
    opener = ObjectProperty(None, allownone=True)  # set by the screen: opens a record

    def on_release(self) -> None:
        if self.opener is not None:
            self.opener(self.record_id)


class OfflineBanner(Banner):
    """Says the app is offline and since when its copy dates; hidden while online."""

    connection = ObjectProperty(None, allownone=True)


class Screenful(BoxLayout):
    """A page: the background colour and vertical stacking every screen starts from."""


def load() -> None:
    from pathlib import Path

    Builder.load_file(str(Path(__file__).with_name("widgets.kv")))
