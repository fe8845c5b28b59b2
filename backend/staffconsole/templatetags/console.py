"""Words for the codes the console shows: states, languages, thread authors and kinds."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from consultations.texts import CONSULTATION_LANGUAGES

register = template.Library()

STATES = {
    "requested": _("New"),
    "info_needed": _("Waiting for the patient"),
    "accepted": _("Accepted"),
    "scheduled": _("Scheduled"),
    "answered": _("Answered"),
    "closed": _("Closed"),
    "declined": _("Declined"),
    "cancelled": _("Cancelled by the patient"),
}
AUTHORS = {"patient": _("Patient"), "staff": _("Hospital"), "home_doctor": _("Home doctor")}
KINDS = {"message": _("Message"), "info_request": _("Information request"), "answer": _("Answer")}
STEPS = {
    "accept": _("Accept"),
    "decline": _("Decline"),
    "ask_info": _("Ask for information"),
    "propose": _("Propose a time"),
    "answer": _("Answer"),
    "close": _("Close"),
}
LICENCES = {
    "not_stated": _("Not stated yet"),
    "stated": _("Stated, waiting for confirmation"),
    "confirmed": _("Confirmed"),
    "rejected": _("Rejected"),
}

MODES = {
    "advice_to_professional": _("The home doctor first (advice to a professional)"),
    "direct_patient": _("The patient directly"),
}


@register.filter
def mode_label(code: str) -> str:
    return str(MODES.get(code, code))


@register.filter
def state_label(code: str) -> str:
    return str(STATES.get(code, code))


@register.filter
def language_name(code: str) -> str:
    return CONSULTATION_LANGUAGES.get(code, code)


@register.filter
def author_label(code: str) -> str:
    return str(AUTHORS.get(code, code))


@register.filter
def kind_label(code: str) -> str:
    return str(KINDS.get(code, code))


@register.filter
def step_label(code: str) -> str:
    return str(STEPS.get(code, code))


@register.filter
def licence_label(code: str) -> str:
    return str(LICENCES.get(code, code))


@register.filter
def lookup(mapping: dict, key: str) -> object:
    """forms|lookup:"accept": a dict entry by a name held in a variable."""
    return mapping.get(key)
