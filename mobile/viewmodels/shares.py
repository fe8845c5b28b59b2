"""My shared links: active and past, each with who opened it, and revoking.

The server sends no notification when a link is opened (its notification kinds are hospital
links and follow-up requests), so accesses are found by syncing: the app compares each link's
access count with the last sync, announces the difference in the in-app banner, and the
Share tab's badge counts accesses not yet looked at. Revoking offline is queued, and the row
says plainly that the link still opens until the app is back online.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ListProperty, NumericProperty, StringProperty

from mobile.format import local_time
from mobile.viewmodels.base import DataViewModel
from shared.api.sharing import Share

SEEN = "shares_seen"  # {share id: access count the person has looked at}


def share_view(share: Share) -> dict[str, Any]:
    successes = [a for a in share.accesses if a.outcome == "success"]
    last = successes[0] if successes else None
    return {
        "share_id": share.id,
        "label": share.label,
        "status": share.status,
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "country": share.recipient_country,
        "summary": share.summary,
        "records": share.entry_count + len(share.document_ids),
        "passcode": share.attempts_left is not None,
        "attempts_left": share.attempts_left,
        "access_count": share.access_count,
        "opened": len(successes),
        "last_by": last.recipient if last else "",
        "last_at": last.at if last else "",
        "accesses": [
            {"at": a.at, "recipient": a.recipient, "outcome": a.outcome, "reason": a.reason}
            for a in share.accesses
        ],
        "pending": False,
    }


class SharesViewModel(DataViewModel):
    cache_name = "shares"
    active = ListProperty([])
    past = ListProperty([])
    detail = DictProperty({}, rebind=True)
    new_accesses = NumericProperty(0)  # the Share tab's badge
    notice = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._counts: dict[str, int] | None = None  # access counts at the last sync

    def fetch(self) -> Any:
        client = self.ctx.client
        # The list carries counts only; the names and times of accesses are in each share.
        return [share_view(client.share(s.id) if s.access_count else s) for s in client.shares()]

    def apply(self, data: Any) -> None:
        queued = self._queued()
        rows = [{**s, "pending": s["share_id"] in queued} for s in data]
        self.active = [s for s in rows if s["status"] == "active"]
        self.past = [s for s in rows if s["status"] != "active"]
        self._announce(rows)
        seen = self.ctx.store.read(SEEN, None)
        if seen is None:  # first sync on this device: what is there now counts as seen
            seen = {s["share_id"]: s["access_count"] for s in rows}
            self.ctx.store.write(SEEN, seen)
        self.new_accesses = sum(
            max(s["access_count"] - seen.get(s["share_id"], 0), 0) for s in rows
        )
        if self.detail:
            found = [s for s in rows if s["share_id"] == self.detail["share_id"]]
            self.detail = found[0] if found else self.detail

    def _announce(self, rows: list[dict[str, Any]]) -> None:
        counts = {s["share_id"]: s["access_count"] for s in rows}
        if self._counts is not None:
            for share in rows:
                if share["opened"] and counts[share["share_id"]] > self._counts.get(
                    share["share_id"], 0
                ):
                    self.ctx.notifier.notify(
                        self.t("shares.opened_title"),
                        self.t("shares.opened_body", label=self.title(share), who=share["last_by"]),
                    )
        self._counts = counts

    def _queued(self) -> set[str]:
        outbox = self.ctx.store.outbox
        actions = outbox.pending() if outbox else []
        return {a.params["share_id"] for a in actions if a.kind == "share.revoke"}

    def mark_seen(self) -> None:
        rows = [*self.active, *self.past]
        self.ctx.store.write(SEEN, {s["share_id"]: s["access_count"] for s in rows})
        self.new_accesses = 0

    def added(self, share: Share) -> None:
        """A link just made: listed at once, without waiting for the next sync."""
        view = share_view(share)
        self.active = [view, *[s for s in self.active if s["share_id"] != view["share_id"]]]
        seen = dict(self.ctx.store.read(SEEN, {}) or {})
        seen[view["share_id"]] = 0
        self.ctx.store.write(SEEN, seen)
        self.ctx.store.write(self.cache_name, [*self.active, *self.past])

    # -- words ----------------------------------------------------------------------------

    def title(self, share: dict[str, Any]) -> str:
        return share["label"] or self.what(share)

    def what(self, share: dict[str, Any]) -> str:
        if share["summary"] and share["records"]:
            return self.t("share.what_both", count=share["records"])
        if share["summary"]:
            return self.t("share.what_summary")
        return self.t("share.what_records", count=share["records"])

    def opened_line(self, share: dict[str, Any]) -> str:
        """ "Opened 2 times — last by Dr Sato, 10:42", or "Not opened yet"."""
        if not share["opened"]:
            return self.t("shares.not_opened")
        return self.t(
            "shares.opened",
            count=share["opened"],
            who=share["last_by"],
            time=local_time(share["last_at"]),
        )

    def state_line(self, share: dict[str, Any]) -> str:
        if share["pending"]:
            return self.t("shares.revoke_queued")
        if share["status"] == "active":
            return self.t("shares.until", time=local_time(share["expires_at"]))
        return self.t(f"shares.status.{share['status']}")

    # -- one share ------------------------------------------------------------------------

    def open(self, share_id: str) -> None:
        self.notice = ""
        rows = [*self.active, *self.past]
        self.detail = next((s for s in rows if s["share_id"] == share_id), {})
        self.call(lambda: share_view(self.ctx.client.share(share_id)), self._opened, lambda: None)

    def _opened(self, view: dict[str, Any]) -> None:
        if self.detail.get("share_id") in ("", None, view["share_id"]):
            self.detail = {**view, "pending": view["share_id"] in self._queued()}

    def revoke(self, share_id: str) -> None:
        def done(share: Share) -> None:
            view = share_view(share)
            rows = [view if s["share_id"] == share_id else s for s in [*self.active, *self.past]]
            self.apply(rows)
            self.ctx.store.write(self.cache_name, rows)
            self.detail = view if self.detail.get("share_id") == share_id else self.detail
            self.notice = self.t("shares.revoked")

        def offline() -> None:
            if self.queue("share.revoke", share_id=share_id):
                self.active = [
                    {**s, "pending": s["pending"] or s["share_id"] == share_id} for s in self.active
                ]
                if self.detail.get("share_id") == share_id:
                    self.detail = {**self.detail, "pending": True}
                self.notice = self.t("shares.revoke_queued")

        self.call(lambda: self.ctx.client.revoke_share(share_id), done, offline)
