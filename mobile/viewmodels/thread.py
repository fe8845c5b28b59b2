"""One follow-up request as a conversation: the request, the thread with photos, the hospital's
answer marked, the proposed time in my time zone (accept it), the home doctor's invitation.

Reading works offline from the sealed cache (photos only once downloaded in this session);
sending, accepting a time, cancelling and inviting are refused offline with a message: each
changes what the hospital sees now, or shows a passcode that only the server can make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.properties import DictProperty, ListProperty, StringProperty

from mobile.format import local_time
from mobile.viewmodels.base import Context, ViewModel
from mobile.viewmodels.consultations import ConsultationsViewModel
from mobile.viewmodels.notifications import NotificationsViewModel
from mobile.viewmodels.photos import PhotoError, read_photo
from shared.api.consultations import ConsultationDetail, Invitation, Message, Upload

IMAGE_TYPES = ("image/jpeg", "image/png")


def detail_view(detail: ConsultationDetail) -> dict[str, Any]:
    return {
        "consultation_id": detail.summary.id,
        "state": detail.summary.state,
        "hospital": detail.summary.hospital,
        "created_at": detail.summary.created_at,
        "mode": detail.mode_title,
        "reason": detail.reason,
        "questions": list(detail.questions),
        "language": detail.language_name,
        "interpreter": detail.interpreter_needed,
        "slots": list(detail.slots),
        "appointment": dict(detail.appointment),
        "home_doctor": dict(detail.home_doctor),
        "attachments": [{"id": a.id, "content_type": a.content_type} for a in detail.attachments],
        "decline_reason": detail.decline_reason,
    }


def message_view(message: Message) -> dict[str, Any]:
    return {
        "message_id": message.id,
        "mine": message.author == "patient",
        "author": message.author,
        "author_name": message.author_name,
        "kind": message.kind,
        "answer": message.kind == "answer",
        "created_at": message.created_at,
        "withheld": message.withheld,
        "body": message.body,
        "attachments": [{"id": a.id, "content_type": a.content_type} for a in message.attachments],
    }


class ThreadViewModel(ViewModel):
    consultation_id = StringProperty("")
    detail = DictProperty({}, rebind=True)
    messages = ListProperty([])
    images = DictProperty({})  # attachment id → image bytes, downloaded on opening
    photos = ListProperty([])  # names of photos to send with the next message
    notice = StringProperty("")
    invitation = DictProperty({})  # link, passcode: shown once

    def __init__(
        self,
        ctx: Context,
        consultations: ConsultationsViewModel,
        notifications: NotificationsViewModel,
        **kwargs: Any,
    ) -> None:
        super().__init__(ctx, **kwargs)
        self.consultations, self.notifications = consultations, notifications
        self._files: list[Upload] = []

    def open(self, consultation_id: str) -> None:
        self.consultation_id, self.notice, self.invitation = consultation_id, "", {}
        self.photos, self._files = [], []
        cached = self.ctx.store.read(self._name(consultation_id)) or {}
        self.detail = cached.get("detail") or {}
        self.messages = cached.get("messages") or []
        self.images = {}
        self.refresh()
        for item in self.notifications.items:
            if item.get("consultation") == consultation_id and not item["read"]:
                self.notifications.mark_read(item["notification_id"])

    def refresh(self) -> None:
        wanted = self.consultation_id
        client = self.ctx.client

        def work() -> dict[str, Any]:
            detail = detail_view(client.consultation(wanted))
            messages = [message_view(m) for m in client.consultation_messages(wanted)]
            return {"detail": detail, "messages": messages}

        self.call(work, self._fetched, offline=lambda: None)

    def _name(self, consultation_id: str) -> str:
        return f"consultation:{consultation_id}"

    def _fetched(self, data: dict[str, Any]) -> None:
        consultation_id = data["detail"]["consultation_id"]
        self.ctx.store.write(self._name(consultation_id), data)
        if consultation_id != self.consultation_id:
            return
        self.detail, self.messages = data["detail"], data["messages"]
        self.consultations.state_changed(consultation_id, self.detail["state"])
        self._load_images()

    def _load_images(self) -> None:
        wanted = self.consultation_id
        attachments = [*self.detail.get("attachments", [])]
        for message in self.messages:
            attachments += message["attachments"]
        missing = [
            a["id"]
            for a in attachments
            if a["content_type"] in IMAGE_TYPES and a["id"] not in self.images
        ]
        if not missing:
            return
        client = self.ctx.client

        def work() -> dict[str, bytes]:
            return {a: client.consultation_file(wanted, a) for a in missing}

        self.call(work, lambda got: setattr(self, "images", {**self.images, **got}), lambda: None)

    # -- words ----------------------------------------------------------------------------

    def author(self, message: dict[str, Any]) -> str:
        if message["mine"]:
            return self.t("thread.me")
        name = message["author_name"]
        party = self.t(f"thread.party.{message['author']}")
        return f"{name} · {party}" if name else party

    def body(self, message: dict[str, Any]) -> str:
        if message["withheld"]:
            return self.t(f"thread.withheld.{message['withheld']}")
        return str(message["body"] or "")

    def when(self, message: dict[str, Any]) -> str:
        return local_time(message["created_at"])

    @property
    def can_write(self) -> bool:
        return self.detail.get("state") in (
            "requested",
            "info_needed",
            "accepted",
            "scheduled",
            "answered",
        )

    # -- acting ---------------------------------------------------------------------------

    def add_photo(self, path: str) -> None:
        try:
            upload = read_photo(Path(path))
        except PhotoError as problem:
            self.error = self.t(f"photos.{problem.reason}", **problem.params)
            return
        self._files.append(upload)
        self.photos = [u.name for u in self._files]

    def send(self, body: str) -> None:
        body = body.strip()
        if not body and not self._files:
            self.error = self.t("thread.empty")
            return
        wanted, files = self.consultation_id, list(self._files)
        info = self.detail.get("state") == "info_needed"

        def sent(_result: object) -> None:
            self.photos, self._files = [], []
            self.notice = self.t("thread.sent")
            self.refresh()

        self.call(
            lambda: self.ctx.client.send_message(wanted, body, files, info=info),
            sent,
            offline=self._refused,
        )

    def accept_time(self) -> None:
        wanted = self.consultation_id
        self.call(lambda: self.ctx.client.accept_time(wanted), self._changed, offline=self._refused)

    def cancel(self) -> None:
        wanted = self.consultation_id
        self.call(
            lambda: self.ctx.client.cancel_consultation(wanted),
            self._changed,
            offline=self._refused,
        )

    def invite_home_doctor(self) -> None:
        wanted = self.consultation_id

        def shown(invitation: Invitation) -> None:
            self.invitation = {"link": invitation.link, "passcode": invitation.passcode}

        self.call(lambda: self.ctx.client.invite_home_doctor(wanted), shown, offline=self._refused)

    def _changed(self, state: str) -> None:
        self.consultations.state_changed(self.consultation_id, state)
        self.refresh()

    def _refused(self) -> None:
        self.error = self.t("thread.offline")
