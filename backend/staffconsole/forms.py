"""The console's forms: plain Django forms, so every field has a label and its limits.

Limits match the staff API's serializers (consultations.apis.staff), and the services check
again: a form only spares the person a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import State
from consultations.texts import CONSULTATION_LANGUAGES
from consultations.zones import SEOUL
from staffconsole.selectors import OPEN_STATES

TEXT = 20_000


@dataclass(frozen=True)
class Options:
    """What some action forms offer to choose from: the hospital's doctors, the zones."""

    doctors: dict[str, str] = field(default_factory=dict)
    patient_zone: str = ""


class ActionForm(forms.Form):
    """An action's form; built the same way for every action, so the view needs no cases."""

    def __init__(self, data: Any = None, *, options: Options) -> None:
        # One page holds every action's form: ids carry the form's name so none collide.
        super().__init__(data, auto_id=f"{type(self).__name__.lower()}-%s")
        self.setup(options)

    def setup(self, options: Options) -> None:
        """Fill choices that depend on the hospital or the request."""


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    # Not required here: an empty code goes to credentials_check like a wrong one, so it is
    # refused, audited and counted towards the lockout the same way.
    otp = forms.CharField(
        label=_("Authenticator code (6 digits)"),
        max_length=8,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        initial=OPEN_STATES,
        choices=[(OPEN_STATES, _("Open (all)")), ("", _("Any, closed too")), *State.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any")), *CONSULTATION_LANGUAGES.items()],
    )
    country = forms.CharField(
        label=_("Country"),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"size": 3, "placeholder": "US"}),
    )
    doctor = forms.ChoiceField(label=_("Assigned doctor"), required=False)

    def __init__(self, *args: Any, doctors: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doctor"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            ("unassigned", _("Not assigned")),
            *doctors.items(),
        ]


class AcceptForm(ActionForm):
    doctor = forms.ChoiceField(label=_("Assign a doctor"), required=False)

    def setup(self, options: Options) -> None:
        self.fields["doctor"].choices = [  # type: ignore[attr-defined]
            ("", _("No one yet")),
            *options.doctors.items(),
        ]


class DeclineForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason, for the patient"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InfoRequestForm(ActionForm):
    body = forms.CharField(
        label=_("What the patient should send"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposeForm(ActionForm):
    """A wall-clock time in Seoul's zone or the patient's, read in that zone by the
    service's own helper (consultations.zones.instant_of), never in the server's."""

    starts_at = forms.CharField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_zone = forms.ChoiceField(label=_("In the time zone of"))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=10, max_value=240, initial=30)
    video_link = forms.URLField(
        label=_("Video link (https, optional)"), required=False, assume_scheme="https"
    )

    def setup(self, options: Options) -> None:
        zone = options.patient_zone
        zones: list[tuple[str, Any]] = [(SEOUL, _("Seoul (the hospital)"))]
        if zone and zone != SEOUL:
            zones.append((zone, _("the patient (%(zone)s)") % {"zone": zone}))
        self.fields["time_zone"].choices = zones  # type: ignore[attr-defined]

    def clean_starts_at(self) -> datetime:
        try:
            value = datetime.fromisoformat(str(self.cleaned_data["starts_at"]))
        except ValueError:
            raise forms.ValidationError(_("Enter a date and a time.")) from None
        if value.tzinfo is not None:
            raise forms.ValidationError(_("Enter the time without a zone; choose the zone."))
        return value


class AnswerForm(ActionForm):
    """The text only: files come from request.FILES and are checked by the service."""

    body = forms.CharField(
        label=_("The hospital's answer"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class LicenceForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("The home doctor's licence"),
        choices=[("confirmed", _("Confirmed")), ("rejected", _("Rejected"))],
    )


class EmptyForm(ActionForm):
    """Closing takes nothing but the (CSRF-protected) button press."""
