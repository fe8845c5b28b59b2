"""A new follow-up request, step by step: hospital → question → photos → records to include →
times in my time zone → language and interpreter → home doctor (→ the transfer consent when
the answer goes abroad) → sent.

Refused offline with a message (not queued): the hospitals to choose from come from the
server, photos are cleaned there, and a request sent hours later is not what was asked.
Photos are read from files the person picked (a file chooser on the desktop, the system
picker on Android) and checked here for type and size before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty

from mobile.viewmodels.base import Context, ViewModel
from mobile.viewmodels.consultations import ConsultationsViewModel
from mobile.viewmodels.photos import PhotoError, read_photo
from mobile.viewmodels.transfer import TransferStep
from mobile.viewmodels.words import NAMED_SECTIONS
from shared.api.consent import TransferTerms
from shared.api.consultations import (
    ConsultationDetail,
    ConsultationOptions,
    HomeDoctor,
    NewConsultation,
    Slot,
    Upload,
)

STEPS = ("hospital", "question", "photos", "records", "times", "language", "doctor")
MAX_PHOTOS = 10
MAX_SLOTS = 5
LIFETIME_DAYS = 90  # the server's CONSULTATIONS_LIFETIME_DAYS default: a request's life
APP_TO_CONSULTATION = {"zh-hans": "zh", "zh-hant": "zh"}


class NewRequestViewModel(ViewModel):
    step = StringProperty("hospital")
    ready = BooleanProperty(False)  # the hospitals and languages arrived
    hospitals = ListProperty([])  # dicts: id, name, country, mode, mode_title, mode_explanation
    languages = ListProperty([])  # (code, name)
    zone = StringProperty("Asia/Seoul")
    hospital_id = StringProperty("")
    department = StringProperty("")
    reason = StringProperty("")
    questions = StringProperty("")  # one question a line
    photos = ListProperty([])  # dicts: name, content_type, size (bytes kept aside)
    sections = ListProperty([])
    slots = ListProperty([])  # "YYYY-MM-DD HH:MM" in `zone`
    language = StringProperty("")
    interpreter = BooleanProperty(False)
    doctor = ObjectProperty(None, allownone=True)  # dict: name, email, phone, country, time_zone
    transfer = ObjectProperty(None)
    sent_id = StringProperty("")

    def __init__(self, ctx: Context, consultations: ConsultationsViewModel, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.consultations = consultations
        self.transfer = TransferStep(ctx)
        self._files: list[Upload] = []
        self._until: dt.datetime | None = None

    def start(self) -> None:
        self.step, self.ready, self.error, self.sent_id = "hospital", False, "", ""
        self.department = self.reason = self.questions = ""
        self.photos, self.sections, self.slots, self._files = [], [], [], []
        self.interpreter, self.doctor, self._until = False, None, None
        self.transfer.reset()
        self.call(self.ctx.client.consultation_options, self._options, offline=self._offline)

    def _offline(self) -> None:
        self.error = self.t("followup_new.offline")

    def _options(self, options: ConsultationOptions) -> None:
        self.hospitals = [h.__dict__.copy() for h in options.hospitals]
        self.languages = list(options.languages)
        self.zone = options.time_zone or "Asia/Seoul"
        self.hospital_id = self.hospitals[0]["id"] if self.hospitals else ""
        wanted = APP_TO_CONSULTATION.get(self.ctx.language, self.ctx.language)
        codes = [code for code, _name in self.languages]
        self.language = wanted if wanted in codes else (codes[0] if codes else "")
        self.ready = True

    def hospital(self) -> dict[str, Any]:
        return next((h for h in self.hospitals if h["id"] == self.hospital_id), {})

    @property
    def doctor_required(self) -> bool:
        return self.hospital().get("mode") != "direct_patient"

    # -- the choices ----------------------------------------------------------------------

    def choose_hospital(self, hospital_id: str) -> None:
        self.hospital_id = hospital_id

    def set_question(self, department: str, reason: str, questions: str) -> None:
        self.department, self.reason, self.questions = department.strip(), reason.strip(), questions

    def add_photo(self, path: str) -> None:
        self.error = ""
        if len(self._files) >= MAX_PHOTOS:
            self.error = self.t("photos.too_many", count=MAX_PHOTOS)
            return
        try:
            upload = read_photo(Path(path))
        except PhotoError as problem:
            self.error = self.t(f"photos.{problem.reason}", **problem.params)
            return
        self._files.append(upload)
        self.photos = [*self.photos, _photo_row(upload)]

    def remove_photo(self, index: int) -> None:
        del self._files[index]
        self.photos = [_photo_row(u) for u in self._files]

    def photo_bytes(self, index: int) -> bytes:
        return self._files[index].data

    def toggle_section(self, section: str) -> None:
        chosen = list(self.sections)
        self.sections = (
            [s for s in chosen if s != section] if section in chosen else [*chosen, section]
        )

    @property
    def section_choices(self) -> tuple[str, ...]:
        return NAMED_SECTIONS

    def add_slot(self, text: str) -> None:
        self.error = ""
        try:
            # A wall-clock time in the patient's zone, read as such just below.
            local = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")  # noqa: DTZ007
        except ValueError:
            self.error = self.t("followup_new.bad_time")
            return
        moment = local.replace(tzinfo=zoneinfo.ZoneInfo(self.zone))
        if moment <= dt.datetime.now(dt.UTC):
            self.error = self.t("followup_new.past_time")
        elif len(self.slots) >= MAX_SLOTS:
            self.error = self.t("followup_new.too_many_times", count=MAX_SLOTS)
        elif text.strip() not in self.slots:
            self.slots = [*self.slots, local.strftime("%Y-%m-%d %H:%M")]

    def remove_slot(self, slot: str) -> None:
        self.slots = [s for s in self.slots if s != slot]

    def choose_language(self, code: str, interpreter: bool) -> None:
        self.language, self.interpreter = code, interpreter

    def set_doctor(self, name: str, email: str, phone: str, country: str) -> None:
        name, country = name.strip(), country.strip().upper()
        if not (name or email.strip() or phone.strip()):
            self.doctor = None
            return
        self.doctor = {
            "name": name,
            "email": email.strip(),
            "phone": phone.strip(),
            "country": country,
        }

    # -- moving through the steps ---------------------------------------------------------

    def next(self) -> None:
        self.error = self._problem()
        if self.error:
            return
        index = STEPS.index(self.step)
        if index + 1 < len(STEPS):
            self.step = STEPS[index + 1]
        else:
            self.send()

    def back(self) -> bool:
        self.error = ""
        self.transfer.reset()
        index = STEPS.index(self.step)
        if index == 0:
            return False
        self.step = STEPS[index - 1]
        return True

    def _problem(self) -> str:
        if self.step == "hospital" and not self.hospital():
            return self.t("followup_new.no_hospital")
        if self.step == "question" and len(self.reason) < 5:
            return self.t("followup_new.no_reason")
        if self.step == "language" and not self.language:
            return self.t("followup_new.no_language")
        if self.step == "doctor":
            return self._doctor_problem()
        return ""

    def _doctor_problem(self) -> str:
        doctor = self.doctor
        if doctor is None:
            return self.t("followup_new.doctor_required") if self.doctor_required else ""
        if not doctor["name"]:
            return self.t("followup_new.need_doctor_name")
        if not doctor["email"] and not doctor["phone"]:
            return self.t("followup_new.need_doctor_contact")
        if len(doctor["country"]) != 2 or not doctor["country"].isalpha():
            return self.t("share_new.bad_country")
        return ""

    # -- sending --------------------------------------------------------------------------

    def _recipient(self) -> tuple[str, str]:
        """Who reads the thread and records: the home doctor if named, else the hospital."""
        if self.doctor is not None:
            return self.doctor["name"], self.doctor["country"]
        hospital = self.hospital()
        return hospital.get("name", ""), (hospital.get("country") or "KR").upper()

    def send(self) -> None:
        name, country = self._recipient()
        if country != "KR" and not self.transfer.given:
            self.transfer.prepare(self._terms(name, country), then=self.send)
            return
        request = self._request()
        files = list(self._files)
        self.call(
            lambda: self.ctx.client.create_consultation(request, files),
            self._sent,
            offline=self._offline,
        )

    def _terms(self, name: str, country: str) -> TransferTerms:
        # The server keeps a request for LIFETIME_DAYS, to the next UTC midnight: the consent
        # must cover that whole period, from a little before now.
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        end = now + dt.timedelta(days=LIFETIME_DAYS + 1)
        until = end.replace(hour=0, minute=0, second=0)
        starts = now - dt.timedelta(minutes=10)
        # Nothing included still sends the question and photos: "patient story" names them.
        items = sorted(self.sections) or ["patient-story"]
        return TransferTerms(name, country, items, starts.isoformat(), until.isoformat())

    def _request(self) -> NewConsultation:
        doctor = self.doctor
        return NewConsultation(
            hospital=self.hospital_id,
            department=self.department,
            reason=self.reason,
            questions=[q.strip() for q in self.questions.splitlines() if q.strip()],
            language=self.language,
            interpreter_needed=self.interpreter,
            time_zone=self.zone,
            slots=[Slot(s.replace(" ", "T") + ":00") for s in self.slots],
            sections=list(self.sections),
            # The doctor's zone is left to the server: the patient's own, since a home doctor
            # practises where the patient lives.
            home_doctor=HomeDoctor(
                doctor["name"], doctor["country"], doctor["email"], doctor["phone"]
            )
            if doctor
            else None,
        )

    def _sent(self, detail: ConsultationDetail) -> None:
        self.sent_id = detail.summary.id
        self.step = "sent"
        self._files = []
        self.consultations.added(detail)


def _photo_row(upload: Upload) -> dict[str, Any]:
    return {"name": upload.name, "content_type": upload.content_type, "size": len(upload.data)}
