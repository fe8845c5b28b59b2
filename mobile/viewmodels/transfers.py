"""Transfer-abroad consents given so far (Me → Transfers abroad): the list and withdrawing.

Withdrawing offline is queued like every "take it back" action; the row says it is still in
force until the app is back online.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, StringProperty

from mobile.viewmodels.base import DataViewModel
from mobile.viewmodels.words import all_sections, scope_words
from shared.api.consent import TransferConsent


def consent_view(row: TransferConsent) -> dict[str, Any]:
    return {
        "consent_id": row.id,
        "recipient": row.recipient_name,
        "country": row.country,
        "items": list(row.items),
        "starts_at": row.starts_at,
        "expires_at": row.expires_at,
        "given_at": row.given_at,
        "withdrawn": bool(row.withdrawn_at),
        "pending": False,
    }


class TransfersViewModel(DataViewModel):
    cache_name = "transfer_consents"
    consents = ListProperty([])
    notice = StringProperty("")

    def fetch(self) -> Any:
        return [consent_view(c) for c in self.ctx.client.transfer_consents()]

    def apply(self, data: Any) -> None:
        queued = self._queued()
        rows = [{**c, "pending": c["consent_id"] in queued} for c in data]
        self.consents = sorted(rows, key=lambda c: c["withdrawn"])

    def _queued(self) -> set[str]:
        outbox = self.ctx.store.outbox
        actions = outbox.pending() if outbox else []
        return {a.params["consent_id"] for a in actions if a.kind == "transfer.withdraw"}

    def items(self, consent: dict[str, Any]) -> str:
        items = consent["items"]
        if "all" in items:
            return self.t("scope.everything")
        sections = [i for i in items if i in all_sections()]
        kinds = [i for i in items if i not in all_sections()]
        words = scope_words(sections, kinds, self.t)
        return words[:1].upper() + words[1:]

    def withdraw(self, consent_id: str) -> None:
        def done(_result: object) -> None:
            self.consents = [
                {**c, "withdrawn": c["withdrawn"] or c["consent_id"] == consent_id}
                for c in self.consents
            ]
            self.ctx.store.write(self.cache_name, list(self.consents))
            self.notice = self.t("transfers.withdrawn")

        def offline() -> None:
            if self.queue("transfer.withdraw", consent_id=consent_id):
                self.consents = [
                    {**c, "pending": c["pending"] or c["consent_id"] == consent_id}
                    for c in self.consents
                ]
                self.notice = self.t("transfers.withdraw_queued")

        self.call(lambda: self.ctx.client.withdraw_transfer(consent_id), done, offline)
