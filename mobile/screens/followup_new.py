"""A new follow-up request, one question a page: hospital → question → photos → records →
times in my time zone → language and interpreter → home doctor (→ transfer consent)."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory

from mobile import theme
from mobile.i18n import tr
from mobile.screens.base import AppScreen, load_kv
from mobile.widgets.common import Card
from mobile.widgets.flow import TransferPanel, button, caption, chips, heading, text, thumbnail
from mobile.widgets.picker import open_picker

load_kv(__file__)
STEPS = ("hospital", "question", "photos", "records", "times", "language", "doctor")


def field(hint: str, value: str = "", lines: int = 1) -> Any:
    widget = Factory.Field(hint_text=hint, text=value, multiline=lines > 1)
    widget.height = theme.TOUCH * lines
    return widget


class FollowupNewScreen(AppScreen):
    def on_kv_post(self, _base: Any) -> None:
        vm = self.vms.followup_new
        vm.bind(step=self._draw, ready=self._draw, hospital_id=self._draw, photos=self._draw)
        vm.bind(sections=self._draw, slots=self._draw, language=self._draw)
        vm.bind(interpreter=self._draw, sent_id=self._sent)
        vm.transfer.bind(stage=self._draw)
        tr.bind(language=self._draw)
        self.fields: dict[str, Any] = {}
        self._draw()

    def _draw(self, *_args: Any) -> None:
        vm, box = self.vms.followup_new, self.ids.body
        box.clear_widgets()
        self.fields = {}
        if not vm.ready:
            box.add_widget(caption(tr._("common.wait") if vm.busy else ""))
            return
        if vm.step in STEPS:
            number = STEPS.index(vm.step) + 1
            box.add_widget(caption(tr._("flow.step", number=number, total=len(STEPS))))
            box.add_widget(heading(tr._(f"followup_new.{vm.step}")))
            getattr(self, f"_{vm.step}")(vm, box)
        if vm.transfer.stage in ("agreement", "consent"):
            box.add_widget(TransferPanel(vm.transfer))

    def _hospital(self, vm: Any, box: Any) -> None:
        if not vm.hospitals:
            box.add_widget(text(tr._("followup_new.no_hospitals")))
            return
        box.add_widget(
            chips(
                [(h["id"], h["name"]) for h in vm.hospitals], [vm.hospital_id], vm.choose_hospital
            )
        )
        hospital = vm.hospital()
        card = Card(tone="info")
        card.add_widget(text(hospital.get("mode_title", ""), bold=True))
        card.add_widget(text(hospital.get("mode_explanation", "")))
        box.add_widget(card)

    def _question(self, vm: Any, box: Any) -> None:
        self.fields = {
            "department": field(tr._("followup_new.department"), vm.department),
            "reason": field(tr._("followup_new.reason"), vm.reason, lines=3),
            "questions": field(tr._("followup_new.questions"), vm.questions, lines=3),
        }
        for widget in self.fields.values():
            box.add_widget(widget)
        box.add_widget(caption(tr._("followup_new.questions_about")))

    def _photos(self, vm: Any, box: Any) -> None:
        box.add_widget(caption(tr._("followup_new.photos_about")))
        for index, photo in enumerate(vm.photos):
            card = Card()
            if photo["content_type"].startswith("image/"):
                card.add_widget(thumbnail(vm.photo_bytes(index)))
            size = round(photo["size"] / 1_000_000, 1)
            card.add_widget(caption(f"{photo['name']} · {size} MB"))
            card.add_widget(
                button(tr._("photos.remove"), lambda i=index: vm.remove_photo(i), style="quiet")
            )
            box.add_widget(card)
        box.add_widget(button(tr._("photos.add"), lambda: open_picker(vm.add_photo), style="quiet"))

    def _records(self, vm: Any, box: Any) -> None:
        box.add_widget(caption(tr._("followup_new.records_about")))
        options = [(s, tr._(f"section.{s}")) for s in vm.section_choices]
        box.add_widget(chips(options, vm.sections, vm.toggle_section))

    def _times(self, vm: Any, box: Any) -> None:
        box.add_widget(text(tr._("followup_new.times_about", zone=vm.zone)))
        for slot in vm.slots:
            box.add_widget(chips([(slot, f"{slot}  ×")], [], vm.remove_slot))
        self.fields = {"slot": field(tr._("followup_new.time_hint"))}
        box.add_widget(self.fields["slot"])
        box.add_widget(button(tr._("followup_new.add_time"), self._add_slot, style="quiet"))

    def _add_slot(self) -> None:
        self.vms.followup_new.add_slot(self.fields["slot"].text)

    def _language(self, vm: Any, box: Any) -> None:
        box.add_widget(
            chips(vm.languages, [vm.language], lambda c: vm.choose_language(c, vm.interpreter))
        )
        options = [("yes", tr._("followup_new.interpreter"))]
        box.add_widget(
            chips(
                options,
                ["yes"] if vm.interpreter else [],
                lambda _k: vm.choose_language(vm.language, not vm.interpreter),
            )
        )

    def _doctor(self, vm: Any, box: Any) -> None:
        key = "followup_new.doctor_needed" if vm.doctor_required else "followup_new.doctor_optional"
        box.add_widget(caption(tr._(key)))
        doctor = vm.doctor or {}
        self.fields = {
            name: field(tr._(f"followup_new.doctor_{name}"), doctor.get(name, ""))
            for name in ("name", "email", "phone", "country")
        }
        for widget in self.fields.values():
            box.add_widget(widget)

    def _keep_fields(self) -> None:
        vm, f = self.vms.followup_new, self.fields
        if vm.step == "question":
            vm.set_question(f["department"].text, f["reason"].text, f["questions"].text)
        elif vm.step == "doctor":
            vm.set_doctor(f["name"].text, f["email"].text, f["phone"].text, f["country"].text)

    def next(self) -> None:
        self._keep_fields()
        self.vms.followup_new.next()

    def back(self) -> None:
        self._keep_fields()
        if not self.vms.followup_new.back():
            self.router.back()

    def _sent(self, _vm: Any, consultation_id: str) -> None:
        if consultation_id and self.manager is not None and self.manager.current == self.name:
            self.vms.thread.open(consultation_id)
            self.router.tab("followup")
            self.router.go("thread")
