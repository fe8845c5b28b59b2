"""Making a link, step by step: what, for how long, passcode, recipient's country (and, abroad,
the transfer consent), then the QR with its countdown.

Making a link is refused offline with a message: the server must hold the link before anyone
can open it, and the key exists only in the answer to that request. The QR can be shown only
right after making the link — the server keeps no copy of the key — so the screen says so.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)

from mobile.format import time_left
from mobile.viewmodels.base import Context, ViewModel
from mobile.viewmodels.shares import SharesViewModel
from mobile.viewmodels.timeline import TimelineViewModel
from mobile.viewmodels.transfer import TransferStep
from mobile.viewmodels.words import all_kinds, all_sections
from shared.api.consent import TransferTerms
from shared.api.sharing import EXPIRIES, CreatedShare, ShareRequest

STEPS = ("what", "duration", "passcode", "country")
SECONDS = {"30m": 1800, "1d": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400}
MIN_PASSCODE = 6
# Recipient countries offered first (Korea's largest patient groups); any ISO code is accepted.
COUNTRIES = ("KR", "JP", "CN", "TW", "TH", "US", "VN", "MN", "RU")


class NewShareViewModel(ViewModel):
    step = StringProperty("what")
    summary = BooleanProperty(True)
    chosen = ListProperty([])  # record ids, when sharing chosen records
    expiry = StringProperty("1d")
    passcode = StringProperty("")
    recipient_name = StringProperty("")
    country = StringProperty("KR")
    transfer = ObjectProperty(None)
    # the link just made
    link = StringProperty("")
    viewer_url = StringProperty("")
    qr_png = ObjectProperty(b"", allownone=True)
    seconds_left = NumericProperty(0)
    left = StringProperty("")  # the countdown as shown: 29:59, 23:59:59, 6 days 23:59
    label = StringProperty("")

    def __init__(
        self, ctx: Context, shares: SharesViewModel, timeline: TimelineViewModel, **kwargs: Any
    ) -> None:
        super().__init__(ctx, **kwargs)
        self.shares, self.timeline = shares, timeline
        self.transfer = TransferStep(ctx)
        self._expires: dt.datetime | None = None  # of the link on screen
        self._until: dt.datetime | None = None  # the end the transfer consent names

    def start(self) -> None:
        self.step, self.summary, self.chosen, self.expiry = "what", True, [], "1d"
        self.passcode = _suggested_passcode()
        self.recipient_name, self.country, self.error = "", "KR", ""
        self._until = None
        self.transfer.reset()

    @property
    def expiries(self) -> tuple[str, ...]:
        return EXPIRIES

    @property
    def countries(self) -> tuple[str, ...]:
        return COUNTRIES

    def records(self) -> list[dict[str, Any]]:
        """What can be chosen: records not hidden (hidden ones are never shared)."""
        return [e for e in self.timeline.entries if not e.get("hidden")]

    def choose_what(self, summary: bool) -> None:
        self.summary = summary

    def toggle_record(self, record_id: str) -> None:
        chosen = list(self.chosen)
        self.chosen = (
            [c for c in chosen if c != record_id] if record_id in chosen else [*chosen, record_id]
        )

    def choose_expiry(self, expiry: str) -> None:
        if expiry in SECONDS:
            self.expiry = expiry

    def set_recipient(self, name: str, country: str) -> None:
        self.recipient_name, self.country = name.strip(), country.strip().upper()

    @property
    def abroad(self) -> bool:
        return self.country != "KR"

    # -- moving through the steps ---------------------------------------------------------

    def next(self) -> None:
        self.error = self._problem()
        if self.error:
            return
        index = STEPS.index(self.step)
        if index + 1 < len(STEPS):
            self.step = STEPS[index + 1]
        else:
            self.create()

    def back(self) -> bool:
        """One step back; False on the first step (the screen then leaves the flow)."""
        self.error = ""
        self.transfer.reset()
        index = STEPS.index(self.step)
        if index == 0:
            return False
        self.step = STEPS[index - 1]
        return True

    def _problem(self) -> str:
        if self.step == "what" and not self.summary and not self.chosen:
            return self.t("share_new.choose_something")
        if self.step == "passcode" and self.passcode and len(self.passcode) < MIN_PASSCODE:
            return self.t("share_new.short_passcode", count=MIN_PASSCODE)
        if self.step == "country":
            if len(self.country) != 2 or not self.country.isalpha():
                return self.t("share_new.bad_country")
            if self.abroad and not self.recipient_name:
                return self.t("share_new.name_abroad")
        return ""

    # -- making the link ------------------------------------------------------------------

    def create(self) -> None:
        if self.abroad and not self.transfer.given:
            self._until = _now() + dt.timedelta(seconds=SECONDS[self.expiry])
            self.transfer.prepare(self._terms(self._until), then=self.create)
            return
        expires = self._until or _now() + dt.timedelta(seconds=SECONDS[self.expiry])
        request = ShareRequest(
            summary=self.summary,
            entry_ids=list(self.chosen),
            passcode=self.passcode,
            label=self.t("share_new.label", name=self.recipient_name)
            if self.recipient_name
            else "",
            recipient_country=self.country,
            recipient_name=self.recipient_name,
            # Abroad, the very instant the transfer consent names; at home, the server's preset.
            expiry="" if self.abroad else self.expiry,
            expires_at=expires.isoformat() if self.abroad else "",
        )
        self.call(
            lambda: self.ctx.client.create_share(request),
            self._created,
            offline=lambda: setattr(self, "error", self.t("share_new.offline")),
        )

    def _terms(self, expires: dt.datetime) -> TransferTerms:
        # Ten minutes early: the grant starts when the server makes it, a moment after this,
        # and a phone's clock may run a little ahead of the server's.
        starts = _now() - dt.timedelta(minutes=10)
        return TransferTerms(
            self.recipient_name,
            self.country,
            self._items(),
            starts.isoformat(),
            expires.isoformat(),
        )

    def _items(self) -> list[str]:
        """What the transfer consent names: the same items the server's grant will hold."""
        if self.summary and not self.chosen:
            return sorted(all_sections())
        if self.summary:
            return sorted(all_kinds())
        chosen = [e for e in self.timeline.entries if e["record_id"] in set(self.chosen)]
        sections = {e.get("section") or "" for e in chosen}
        if "" in sections or not sections <= all_sections():
            return sorted(all_kinds())  # a whole document: its kind, which only the server knows
        return sorted(sections)

    def _created(self, created: CreatedShare) -> None:
        self.link, self.viewer_url, self.qr_png = created.link, created.viewer_url, created.qr_png
        self.label = created.share.label
        self._expires = _parse(created.share.expires_at)
        self._until = None
        self.step = "done"
        self.shares.added(created.share)
        self.tick()

    def tick(self) -> None:
        """Counts down once a second while the QR shows; clears it when the link expires."""
        if self._expires is None:
            return
        left = int((self._expires - dt.datetime.now(dt.UTC)).total_seconds())
        self.seconds_left = max(left, 0)
        self.left = time_left(self.seconds_left, self.t)
        if left <= 0:
            self.close()
            return
        self.ctx.tasks.later(1.0, self.tick)

    def close(self) -> None:
        """Leaves the QR: the key is forgotten here too (the server never had a copy)."""
        self.link, self.viewer_url, self.qr_png, self._expires = "", "", b"", None
        self.seconds_left = 0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _suggested_passcode() -> str:
    return "".join(secrets.choice("23456789") for _ in range(MIN_PASSCODE))


def _parse(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
