"""Grants in plain words: the list, one grant, a new read grant to a linked hospital, revoking.

Revoking offline is queued (like removing a hospital link): the person's "stop" must not be
lost, and the row says the grant stays open until the app is back online. A new grant is
refused offline: it matters only once the server holds it, and it may need a transfer-abroad
consent the server must word.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kivy.properties import DictProperty, ListProperty, ObjectProperty, StringProperty

from mobile.viewmodels.base import Context, DataViewModel
from mobile.viewmodels.hospitals import HospitalsViewModel
from mobile.viewmodels.transfer import TransferStep
from mobile.viewmodels.words import (
    NAMED_SECTIONS,
    grant_who,
    grant_words,
    scope_words,
    status_words,
)
from shared.api.consent import Grant, GrantRequest, TransferTerms

PERIODS = {"1m": 30, "3m": 91, "1y": 365}  # the choices a new grant offers, in days
PURPOSES = ("treatment", "referral", "follow-up")


def grant_view(grant: Grant) -> dict[str, Any]:
    return {
        "grant_id": grant.id,
        "kind": grant.kind,
        "grantee_type": grant.grantee_type,
        "who": grant.grantee_name,
        "country": grant.recipient_country,
        "purpose": grant.purpose,
        "status": grant.status,
        "starts_at": grant.starts_at,
        "expires_at": grant.expires_at,
        "revoked_at": grant.revoked_at,
        "sections": list(grant.sections),
        "kinds": list(grant.kinds),
        "documents": len(grant.document_ids),
        "abroad": grant.recipient_country.upper() != "KR",
        "pending": False,
    }


class ConsentsViewModel(DataViewModel):
    cache_name = "consents"
    grants = ListProperty([])  # standing grants first, then the ended ones
    detail = DictProperty({}, rebind=True)
    notice = StringProperty("")
    # the new grant's choices
    hospital_id = StringProperty("")
    sections = ListProperty([])
    period = StringProperty("3m")
    purpose = StringProperty("treatment")
    transfer = ObjectProperty(None)

    def __init__(self, ctx: Context, hospitals: HospitalsViewModel, **kwargs: Any) -> None:
        super().__init__(ctx=ctx, **kwargs)
        self.hospitals = hospitals
        self.transfer = TransferStep(ctx)

    def fetch(self) -> Any:
        return [grant_view(g) for g in self.ctx.client.consents()]

    def apply(self, data: Any) -> None:
        queued = self._queued()
        rows = [{**g, "pending": g["grant_id"] in queued} for g in data]
        order = {"active": 0, "scheduled": 1, "expired": 2, "revoked": 3}
        self.grants = sorted(rows, key=lambda g: order.get(g["status"], 4))
        if self.detail:
            self.detail = next(
                (g for g in self.grants if g["grant_id"] == self.detail["grant_id"]), self.detail
            )

    def _queued(self) -> set[str]:
        outbox = self.ctx.store.outbox
        actions = outbox.pending() if outbox else []
        return {a.params["grant_id"] for a in actions if a.kind == "consent.revoke"}

    # -- words ----------------------------------------------------------------------------

    def words(self, grant: dict[str, Any]) -> str:
        return grant_words(grant, self.t)

    def who(self, grant: dict[str, Any]) -> str:
        return grant_who(grant, self.t)

    def status(self, grant: dict[str, Any]) -> str:
        return status_words(grant["status"], self.t)

    def scope(self, grant: dict[str, Any]) -> str:
        words = scope_words(grant["sections"], grant["kinds"], self.t)
        return words[:1].upper() + words[1:]

    # -- one grant ------------------------------------------------------------------------

    def open(self, grant_id: str) -> None:
        self.notice = ""
        self.detail = next((g for g in self.grants if g["grant_id"] == grant_id), {})
        self.call(
            lambda: grant_view(self.ctx.client.consent(grant_id)),
            self._opened,
            offline=lambda: None,
        )

    def _opened(self, view: dict[str, Any]) -> None:
        if not self.detail or self.detail.get("grant_id") == view["grant_id"]:
            self.detail = {**view, "pending": view["grant_id"] in self._queued()}

    def revoke(self, grant_id: str) -> None:
        def done(grant: Grant) -> None:
            self._replace(grant_view(grant))
            self.notice = self.t("consents.revoked")

        def offline() -> None:
            if self.queue("consent.revoke", grant_id=grant_id):
                self._mark_pending(grant_id)
                self.notice = self.t("consents.revoke_queued")

        self.call(lambda: self.ctx.client.revoke_consent(grant_id), done, offline)

    def _replace(self, view: dict[str, Any]) -> None:
        self.apply([view if g["grant_id"] == view["grant_id"] else g for g in self.grants])
        self.ctx.store.write(self.cache_name, list(self.grants))
        if self.detail.get("grant_id") == view["grant_id"]:
            self.detail = view

    def _mark_pending(self, grant_id: str) -> None:
        self.grants = [
            {**g, "pending": g["pending"] or g["grant_id"] == grant_id} for g in self.grants
        ]
        if self.detail.get("grant_id") == grant_id:
            self.detail = {**self.detail, "pending": True}

    # -- a new read grant -----------------------------------------------------------------

    def hospitals_to_choose(self) -> list[dict[str, Any]]:
        return [h for h in self.hospitals.links if h.get("organization_id")]

    def start_new(self) -> None:
        choices = self.hospitals_to_choose()
        self.hospital_id = choices[0]["organization_id"] if choices else ""
        self.sections, self.period, self.purpose = list(NAMED_SECTIONS[:2]), "3m", "treatment"
        self.error, self.notice = "", ""
        self.transfer.reset()

    def preview(self) -> str:
        """The sentence the new grant will make, before it is given."""
        hospital = next(
            (h for h in self.hospitals_to_choose() if h["organization_id"] == self.hospital_id),
            {},
        )
        until = _in_days(PERIODS.get(self.period, 91))
        draft = {
            "kind": "read",
            "who": hospital.get("hospital", ""),
            "grantee_type": "organization",
            "sections": list(self.sections),
            "kinds": [],
            "expires_at": until,
        }
        return grant_words(draft, self.t)

    def toggle_section(self, section: str) -> None:
        chosen = list(self.sections)
        self.sections = (
            [s for s in chosen if s != section] if section in chosen else [*chosen, section]
        )

    def give(self) -> None:
        """Gives the grant; abroad, the transfer consent is asked for first (PIPA Art. 28-8)."""
        hospital = next(
            (h for h in self.hospitals_to_choose() if h["organization_id"] == self.hospital_id),
            None,
        )
        if hospital is None:
            self.error = self.t("grant_new.no_hospital")
            return
        if not self.sections:
            self.error = self.t("grant_new.no_sections")
            return
        expires = _in_days(PERIODS[self.period])
        request = GrantRequest(self.hospital_id, self.purpose, list(self.sections), expires)
        abroad = (hospital.get("country") or "KR").upper() != "KR"
        if abroad and not self.transfer.given:
            terms = TransferTerms(
                hospital["hospital"],
                hospital["country"].upper(),
                sorted(self.sections),
                _now_iso(),
                expires,
            )
            self.transfer.prepare(terms, then=self.give)
            return
        self.call(lambda: self.ctx.client.give_consent(request), self._given)

    def _given(self, grant: Grant) -> None:
        view = grant_view(grant)
        self.apply([view, *[g for g in self.grants if g["grant_id"] != view["grant_id"]]])
        self.ctx.store.write(self.cache_name, list(self.grants))
        self.notice = self.t("grant_new.given", words=self.words(view))
        self.transfer.reset()


def _now_iso() -> str:
    # A minute early: the grant's period starts when the server makes it, after this.
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    return moment.replace(microsecond=0).isoformat()


def _in_days(days: int) -> str:
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    return moment.replace(microsecond=0).isoformat()
