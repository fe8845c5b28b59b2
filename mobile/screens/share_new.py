"""Making a link, one question a page: what, for how long, passcode, recipient's country (and,
abroad, the transfer consent). When the link exists the QR screen takes over."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.flow import TransferPanel, caption, chips, heading, text

load_kv(__file__)
RECORDS_SHOWN = 60  # the newest records to choose from; older ones are in Records


class ShareNewScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        vm = self.vms.share_new
        vm.bind(step=self._draw, summary=self._draw, chosen=self._draw, expiry=self._draw)
        vm.bind(country=self._draw)
        vm.transfer.bind(stage=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        vm, box = self.vms.share_new, self.ids.body
        if vm.step == "done":
            if self.manager is not None and self.manager.current == self.name:
                self.router.go("share_qr")
            return
        box.clear_widgets()
        steps = ("what", "duration", "passcode", "country")
        number = steps.index(vm.step) + 1 if vm.step in steps else 1
        box.add_widget(caption(tr._("flow.step", number=number, total=len(steps))))
        box.add_widget(heading(tr._(f"share_new.{vm.step}")))
        getattr(self, f"_{vm.step}")(vm, box)
        if vm.transfer.stage in ("agreement", "consent"):
            box.add_widget(TransferPanel(vm.transfer))

    def _what(self, vm: Any, box: Any) -> None:
        options = [("summary", tr._("share_new.summary")), ("records", tr._("share_new.records"))]
        box.add_widget(chips(options, ["summary" if vm.summary else "records"], self._pick_what))
        box.add_widget(
            caption(tr._("share_new.summary_about" if vm.summary else "share_new.records_about"))
        )
        if vm.summary:
            return
        records = vm.records()[:RECORDS_SHOWN]
        rows = [(r["record_id"], f"{r['display']} · {r['date']}") for r in records]
        box.add_widget(chips(rows, vm.chosen, vm.toggle_record))
        box.add_widget(caption(tr._("share_new.chosen", count=len(vm.chosen))))

    def _pick_what(self, key: str) -> None:
        self.vms.share_new.choose_what(key == "summary")

    def _duration(self, vm: Any, box: Any) -> None:
        options = [(e, tr._(f"share_new.expiry.{e}")) for e in vm.expiries]
        box.add_widget(chips(options, [vm.expiry], vm.choose_expiry))
        box.add_widget(caption(tr._("share_new.duration_about")))

    def _passcode(self, vm: Any, box: Any) -> None:
        box.add_widget(text(tr._("share_new.passcode_about")))
        self.ids.passcode.text = vm.passcode

    def _country(self, vm: Any, box: Any) -> None:
        options = [(c, tr.maybe(f"country.{c}", c)) for c in vm.countries]
        box.add_widget(chips(options, [vm.country], self._pick_country))
        box.add_widget(
            caption(tr._("share_new.abroad_about" if vm.abroad else "share_new.home_about"))
        )

    def _pick_country(self, code: str) -> None:
        self.vms.share_new.set_recipient(self.ids.recipient.text, code)

    def on_pre_enter(self, *_args: Any) -> None:
        self._draw()

    def next(self) -> None:
        vm = self.vms.share_new
        if vm.step == "passcode":
            vm.passcode = self.ids.passcode.text.strip()
        if vm.step == "country":
            vm.set_recipient(self.ids.recipient.text, vm.country)
        vm.next()

    def back(self) -> None:
        if not self.vms.share_new.back():
            self.router.back()
