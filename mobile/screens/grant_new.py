"""Giving a linked hospital read access: which hospital, what, for how long, why — with the
sentence it will make shown before "Give access"."""

from __future__ import annotations

from typing import Any

from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.viewmodels.consents import PERIODS, PURPOSES
from mobile.viewmodels.words import NAMED_SECTIONS
from mobile.widgets.flow import TransferPanel, caption, chips, heading, text

load_kv(__file__)


class GrantNewScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        vm = self.vms.consents
        vm.bind(hospital_id=self._draw, sections=self._draw, period=self._draw, purpose=self._draw)
        vm.transfer.bind(stage=self._draw)
        tr.bind(language=self._draw)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        vm, box = self.vms.consents, self.ids.body
        box.clear_widgets()
        hospitals = vm.hospitals_to_choose()
        box.add_widget(heading(tr._("grant_new.hospital")))
        if not hospitals:
            box.add_widget(text(tr._("grant_new.no_hospitals")))
            return
        options = [(h["organization_id"], h["hospital"]) for h in hospitals]
        box.add_widget(chips(options, [vm.hospital_id], lambda k: setattr(vm, "hospital_id", k)))
        box.add_widget(heading(tr._("grant_new.what")))
        sections = [(s, tr._(f"section.{s}")) for s in NAMED_SECTIONS]
        box.add_widget(chips(sections, vm.sections, vm.toggle_section))
        box.add_widget(heading(tr._("grant_new.period")))
        periods = [(p, tr._(f"grant_new.period.{p}")) for p in PERIODS]
        box.add_widget(chips(periods, [vm.period], lambda k: setattr(vm, "period", k)))
        box.add_widget(heading(tr._("grant_new.purpose")))
        purposes = [(p, tr._(f"purpose.{p}")) for p in PURPOSES]
        box.add_widget(chips(purposes, [vm.purpose], lambda k: setattr(vm, "purpose", k)))
        box.add_widget(caption(tr._("grant_new.preview")))
        box.add_widget(text(vm.preview(), bold=True))
        if vm.transfer.stage in ("agreement", "consent"):
            box.add_widget(TransferPanel(vm.transfer))

    def give(self) -> None:
        self.vms.consents.give()
