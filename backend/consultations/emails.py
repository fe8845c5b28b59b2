"""Emails to the hospital's staff and the home doctor. They say that something happened and
where to look, never what: no health data travels by email."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as noop

from accounts.models import User
from consultations.models import Consultation
from hospitals.models import StaffMembership

EVENTS = {
    "requested": noop("A new follow-up request has arrived."),
    "info_provided": noop("The patient has sent the information you asked for."),
    "cancelled": noop("The patient has cancelled the consultation."),
    "booked": noop("The patient has accepted the proposed time."),
    "message": noop("There is a new message in the consultation."),
    "licence_stated": noop("The home doctor has stated a licence to confirm."),
    "licence_confirmed": noop(
        "Your licence has been confirmed: the hospital's answers are open to you."
    ),
    "licence_rejected": noop(
        "The hospital could not confirm your licence. Check what you entered."
    ),
    "time_proposed": noop("The hospital has proposed a time for the consultation."),
    "answered": noop("The hospital has written its answer."),
    "closed": noop("The consultation has been closed."),
    "reminder_24h": noop("Reminder: the consultation is in 24 hours."),
    "reminder_1h": noop("Reminder: the consultation starts in 1 hour."),
}


def _event(kind: str) -> str:
    return _(EVENTS.get(kind, "There is an update on the consultation."))


def staff_recipients(consultation: Consultation) -> list[User]:
    memberships = StaffMembership.objects.filter(
        organization_id=consultation.organization_id, active=True, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def staff_email_send(*, consultation: Consultation, kind: str) -> int:
    link = f"{settings.PUBLIC_BASE_URL}/staff/consultations/{consultation.id}"
    sent = 0
    for user in staff_recipients(consultation):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Follow-up consultation %(ref)s") % {"ref": str(consultation.id)[:8]}
            body = _("%(event)s\n\nOpen it in the staff console:\n%(link)s") % {
                "event": _event(kind),
                "link": link,
            }
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


def doctor_email_send(
    *, consultation: Consultation, address: str, kind: str, link: str, passcode: str = ""
) -> int:
    hospital = consultation.organization.name_in("en")
    with translation.override("en"):
        if kind == "invitation":
            subject = _("Your patient asks %(hospital)s for advice") % {"hospital": hospital}
            body = _(
                "Your patient has asked %(hospital)s (Korea) for follow-up advice and named you "
                "as their doctor. Open this page, enter the one-time passcode, and state your "
                "name and licence number:\n\n%(link)s\n\nPasscode: %(passcode)s\n\n"
                "The page works until the consultation ends. If you do not know this patient, "
                "ignore this message."
            ) % {"hospital": hospital, "link": link, "passcode": passcode}
        else:
            subject = _("Consultation with %(hospital)s") % {"hospital": hospital}
            body = _("%(event)s\n\nOpen your consultation page:\n%(link)s") % {
                "event": _event(kind),
                "link": link,
            }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
