"""The transfer-abroad consent (PIPA Art. 28-8), asked inside a flow that sends data abroad.

A share for a doctor abroad, a follow-up request answered by a home doctor abroad, a grant to a
hospital abroad: each needs its own consent naming recipient, country, items and period, given
after reading exactly the server's text (its digest goes back). If the general "transfers
abroad" agreement was never given, its text comes first. Both need the server: offline the
step is refused with a message, never assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from mobile.viewmodels.base import ViewModel
from shared.api.consent import TransferPreview, TransferTerms

GENERAL = "transfer_abroad"  # the general agreement's kind


class TransferStep(ViewModel):
    stage = StringProperty("")  # "" | agreement | consent | given
    title = StringProperty("")
    text = StringProperty("")
    country = StringProperty("")
    given = BooleanProperty(False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._terms: TransferTerms | None = None
        self._then: Callable[[], None] | None = None
        self._digest = ""
        self._version = ""

    def reset(self) -> None:
        self.stage, self.title, self.text, self.country, self.error = "", "", "", "", ""
        self.given, self._terms, self._then, self._digest = False, None, None, ""

    def prepare(self, terms: TransferTerms, then: Callable[[], None]) -> None:
        """Fetches what must be read first; `then` runs once the consent is given."""
        self._terms, self._then, self.country = terms, then, terms.country
        self.call(self._first_text, self._show)

    def _first_text(self) -> tuple[str, str, str, str]:
        client = self.ctx.client
        states = {a.kind: a for a in client.agreements()}
        general = states.get(GENERAL)
        if general is not None and general.status != "given":
            texts = client.agreement_texts(self.ctx.language)
            found = next((a for a in texts if a.kind == GENERAL), None)
            if found is not None:
                return "agreement", found.title, found.text, found.version
        return self._preview()

    def _preview(self) -> tuple[str, str, str, str]:
        if self._terms is None:
            raise RuntimeError("prepare() names the terms first")
        preview: TransferPreview = self.ctx.client.preview_transfer(self._terms)
        return "consent", preview.title, preview.text, preview.digest

    def _show(self, shown: tuple[str, str, str, str]) -> None:
        self.stage, self.title, self.text, secret = shown
        if self.stage == "agreement":
            self._version = secret
        else:
            self._digest = secret

    def agree(self) -> None:
        terms = self._terms
        if terms is None:
            return
        if self.stage == "agreement":
            language, version = self.ctx.language, self._version

            def give_general() -> tuple[str, str, str, str]:
                self.ctx.client.give_agreement(GENERAL, version, language)
                return self._preview()

            self.call(give_general, self._show)
        elif self.stage == "consent":
            digest = self._digest
            self.call(lambda: self.ctx.client.give_transfer(terms, digest), self._given)

    def _given(self, _consent_id: str) -> None:
        self.stage, self.given = "given", True
        if self._then is not None:
            self._then()

    def decline(self) -> None:
        self.reset()
        self.error = self.t("transfer.declined")
