"""Telling the other side: outbox rows written with the change, delivered after commit."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from consultations.models import Audience, Consultation, Invitation, Notice
from consultations.sealing import seal


def _has_doctor(consultation: Consultation) -> bool:
    return Invitation.objects.filter(consultation=consultation).exists()


def notices_queue(
    *, consultation: Consultation, kind: str, audiences: Iterable[str], secret: object = None
) -> list[Notice]:
    """One Notice per audience; the home doctor only once invited. Delivery is queued on
    commit, so nothing is announced that was rolled back."""
    from consultations.tasks import deliver_notice

    wanted = [a for a in audiences if a != Audience.HOME_DOCTOR or _has_doctor(consultation)]
    notices = []
    for audience in wanted:
        notice = Notice(consultation=consultation, kind=kind, audience=audience)
        if secret is not None:
            notice.secret = seal(consultation.patient_id, notice, "secret", secret)
        notice.save()
        notices.append(notice)
    for notice in notices:
        transaction.on_commit(partial(deliver_notice.delay, str(notice.id)))
    return notices
