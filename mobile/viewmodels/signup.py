"""Creating an account: the form, then each legal agreement on its own screen, then the
email confirmation. The agreements come from the server in the chosen language, with the
exact version the person read, which is what the server records as given."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)

from mobile.viewmodels.base import Context, ViewModel
from shared.api.models import AgreementText, Registration

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD = 10
TIME_ZONES = {
    "ko": ("KR", "Asia/Seoul"),
    "ja": ("JP", "Asia/Tokyo"),
    "zh-hans": ("CN", "Asia/Shanghai"),
    "zh-hant": ("TW", "Asia/Taipei"),
    "th": ("TH", "Asia/Bangkok"),
    "en": ("US", "America/New_York"),
}


class SignupViewModel(ViewModel):
    form = DictProperty({}, rebind=True)  # rebind: kv reads it as `form.get(...)`
    agreements = ListProperty([])  # dicts: kind, version, title, text, required
    index = NumericProperty(0)  # which agreement is on screen
    accepted = ListProperty([])  # kinds agreed to
    registered = BooleanProperty(False)
    verified = BooleanProperty(False)
    step = StringProperty("form")  # form | agreement | verify

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self._texts: list[AgreementText] = []

    def defaults(self) -> dict[str, str]:
        country, zone = TIME_ZONES.get(self.ctx.language, ("KR", "Asia/Seoul"))
        return {"country": country, "time_zone": zone}

    def submit_form(self, **fields: str) -> None:
        """Checks what can be checked here, then fetches the agreements to read."""
        form = {**self.defaults(), **{k: v.strip() for k, v in fields.items()}}
        problem = self._problem(form, fields.get("password", ""))
        if problem:
            self.error = problem
            return
        self.form = {**form, "password": fields["password"]}
        self.call(lambda: self.ctx.client.agreement_texts(self.ctx.language), self._got_texts)

    def _problem(self, form: dict[str, str], password: str) -> str:
        if not EMAIL.fullmatch(form.get("email", "")):
            return self.t("signup.bad_email")
        if len(password) < MIN_PASSWORD:
            return self.t("signup.short_password", count=MIN_PASSWORD)
        if not form.get("name"):
            return self.t("signup.no_name")
        try:
            born = dt.date.fromisoformat(form.get("birth_date", ""))
        except ValueError:
            return self.t("signup.bad_birth_date")
        if not dt.date(1900, 1, 1) <= born <= dt.datetime.now(dt.UTC).date():
            return self.t("signup.bad_birth_date")
        return ""

    def _got_texts(self, texts: list[AgreementText]) -> None:
        self._texts = texts
        self.agreements = [
            {
                "kind": t.kind,
                "version": t.version,
                "title": t.title,
                "text": t.text,
                "required": t.required,
            }
            for t in texts
        ]
        self.accepted, self.index, self.step = [], 0, "agreement"

    def answer(self, agree: bool) -> None:
        """The person's answer to the agreement on screen; required ones cannot be skipped."""
        current = self.agreements[self.index]
        if not agree and current["required"]:
            self.error = self.t("signup.required_agreement")
            return
        self.error = ""
        if agree:
            self.accepted = [*self.accepted, current["kind"]]
        if self.index + 1 < len(self.agreements):
            self.index += 1
        else:
            self._register()

    def back(self) -> None:
        if self.step == "agreement" and self.index > 0:
            self.index -= 1
            self.accepted = [k for k in self.accepted if k != self.agreements[self.index]["kind"]]
        else:
            self.step = "form"

    def _register(self) -> None:
        form = self.form
        registration = Registration(
            email=form["email"],
            password=form["password"],
            name=form["name"],
            birth_date=form["birth_date"],
            preferred_language=self.ctx.language,
            country=form["country"],
            time_zone=form["time_zone"],
            agreements=[(t.kind, t.version) for t in self._texts if t.kind in self.accepted],
        )
        self.call(lambda: self.ctx.client.register(registration), self._registered)

    def _registered(self, _message: str) -> None:
        self.form = {"email": self.form["email"]}  # the password leaves memory here
        self.registered, self.step = True, "verify"

    def verify(self, link_or_token: str) -> None:
        token = extract_token(link_or_token)
        if not token:
            self.error = self.t("verify.paste")
            return
        self.call(lambda: self.ctx.client.verify_email(token), self._verified)

    def _verified(self, _result: object) -> None:
        self.verified = True

    def resend(self) -> None:
        email = self.form.get("email", "")
        self.call(lambda: self.ctx.client.resend_verification(email), lambda _r: None)


def extract_token(text: str) -> str:
    """The token from the emailed link, or the token itself when pasted alone."""
    text = text.strip()
    if "token=" in text:
        values = parse_qs(urlparse(text).query).get("token") or [""]
        return values[0]
    return text if " " not in text else ""
