"""A follow-up request as a conversation: what I asked, the proposed time in my time zone,
my home doctor, then the messages like a messaging app (mine on the right, the hospital's
answer marked), and a box to write."""

from __future__ import annotations

from typing import Any

from kivy.uix.boxlayout import BoxLayout

from mobile import theme
from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import DANGER, button, caption, heading, text, thumbnail
from mobile.widgets.picker import open_picker

load_kv(__file__)


class ThreadScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        vm = self.vms.thread
        vm.bind(detail=self._draw, messages=self._draw, images=self._draw, invitation=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        vm, box = self.vms.thread, self.ids.body
        box.clear_widgets()
        detail = vm.detail
        if not detail:
            return
        box.add_widget(self._request(detail))
        if detail.get("appointment"):
            box.add_widget(self._appointment(detail["appointment"]))
        if detail.get("home_doctor"):
            box.add_widget(self._doctor(detail["home_doctor"]))
        for message in vm.messages:
            box.add_widget(self._bubble(message))

    def _request(self, detail: dict[str, Any]) -> Card:
        vm = self.vms.thread
        card = Card()
        card.add_widget(text(vm.consultations.state_words(detail["state"]), bold=True))
        card.add_widget(caption(detail["mode"]))
        card.add_widget(text(detail["reason"]))
        for question in detail["questions"]:
            card.add_widget(text(f"• {question}"))
        language = detail["language"] + (
            f" · {tr._('followup_new.interpreter')}" if detail["interpreter"] else ""
        )
        card.add_widget(caption(language))
        if detail["slots"]:
            card.add_widget(caption(tr._("thread.my_times", times=", ".join(detail["slots"]))))
        for attachment in detail["attachments"]:
            if attachment["id"] in vm.images:
                card.add_widget(thumbnail(vm.images[attachment["id"]]))
        if detail.get("decline_reason"):
            card.add_widget(text(detail["decline_reason"], color=DANGER))
        if detail["state"] in ("requested", "info_needed", "accepted", "scheduled"):
            card.add_widget(button(tr._("thread.cancel"), vm.cancel, style="danger"))
        return card

    def _appointment(self, appointment: dict[str, Any]) -> Card:
        card = Card(tone="info")
        card.add_widget(heading(tr._(f"thread.appointment.{appointment['status']}")))
        card.add_widget(text(appointment["starts"], bold=True))
        card.add_widget(caption(tr._("thread.minutes", count=appointment["minutes"])))
        if appointment.get("video_link"):
            card.add_widget(caption(appointment["video_link"]))
        if appointment["status"] == "proposed":
            card.add_widget(button(tr._("thread.accept_time"), self.vms.thread.accept_time))
        return card

    def _doctor(self, doctor: dict[str, Any]) -> Card:
        vm = self.vms.thread
        card = Card()
        card.add_widget(text(tr._("thread.home_doctor", name=doctor["name"]), bold=True))
        card.add_widget(
            caption(tr._("thread.invited" if doctor["invited"] else "thread.not_invited"))
        )
        if vm.invitation:
            card.add_widget(
                text(
                    tr._(
                        "thread.invitation",
                        link=vm.invitation["link"],
                        passcode=vm.invitation["passcode"],
                    )
                )
            )
        elif vm.can_write:
            card.add_widget(button(tr._("thread.invite"), vm.invite_home_doctor, style="quiet"))
        return card

    def _bubble(self, message: dict[str, Any]) -> BoxLayout:
        vm = self.vms.thread
        row = BoxLayout(
            size_hint_y=None,
            padding=(
                theme.SPACE * (6 if message["mine"] else 0),
                0,
                theme.SPACE * (0 if message["mine"] else 6),
                0,
            ),
        )
        tone = "info" if message["answer"] else ("offline" if message["withheld"] else "plain")
        card = Card(tone=tone)
        if message["answer"]:
            card.add_widget(heading(tr._("thread.answer")))
        card.add_widget(caption(f"{vm.author(message)} · {vm.when(message)}"))
        card.add_widget(text(vm.body(message)))
        for attachment in message["attachments"]:
            if attachment["id"] in vm.images:
                card.add_widget(thumbnail(vm.images[attachment["id"]]))
        row.add_widget(card)
        card.bind(height=row.setter("height"))
        return row

    def attach(self) -> None:
        open_picker(self.vms.thread.add_photo)

    def send(self) -> None:
        self.vms.thread.send(self.ids.message.text)
        if not self.vms.thread.error:
            self.ids.message.text = ""
