"""The request page's buttons: each one form and one call of consultations' own service.

The services check the state machine, lock the row, write the audit event in the same
transaction and queue the notices; the console only turns a form into their arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from consultations.services import scheduling, triage
from consultations.services.files import Upload
from consultations.services.portal import licence_decide
from consultations.zones import instant_of
from staffconsole import forms as f
from staffconsole.session import Console

Data = dict[str, Any]
Run = Callable[[Console, str, Data, list[Upload]], object]


@dataclass(frozen=True)
class Action:
    form: type[f.ActionForm]
    run: Run
    done: Any  # the message shown after it worked (lazy text)


def _accept(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return triage.consultation_accept(
        user=console.user, consultation_id=cid, doctor_id=data["doctor"] or None
    )


def _decline(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return triage.consultation_decline(
        user=console.user, consultation_id=cid, reason=data["reason"]
    )


def _ask(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return triage.consultation_info_request(
        user=console.user, consultation_id=cid, body=data["body"]
    )


def _propose(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return scheduling.appointment_propose(
        user=console.user,
        consultation_id=cid,
        starts_at=instant_of(data["starts_at"], data["time_zone"], field="starts_at"),
        minutes=data["minutes"],
        video_link=data["video_link"] or "",
    )


def _answer(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return triage.consultation_answer(
        user=console.user, consultation_id=cid, body=data["body"], files=files
    )


def _licence(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return licence_decide(
        user=console.user, consultation_id=cid, confirmed=data["decision"] == "confirmed"
    )


def _close(console: Console, cid: str, data: Data, files: list[Upload]) -> object:
    return triage.consultation_close(user=console.user, consultation_id=cid)


ACTIONS: dict[str, Action] = {
    "accept": Action(f.AcceptForm, _accept, _("Accepted. The patient has been told.")),
    "decline": Action(f.DeclineForm, _decline, _("Declined. The patient has been told why.")),
    "ask_info": Action(f.InfoRequestForm, _ask, _("Sent: the patient has been asked.")),
    "propose": Action(f.ProposeForm, _propose, _("Time proposed.")),
    "answer": Action(f.AnswerForm, _answer, _("Answer sent.")),
    "licence": Action(f.LicenceForm, _licence, _("Licence decision recorded.")),
    "close": Action(f.EmptyForm, _close, _("Closed. Access to the records has ended.")),
}
