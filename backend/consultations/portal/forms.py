"""Portal forms: plain Django forms, so labels, errors and limits come for free."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.apis.fields import COUNTRY


class PasscodeForm(forms.Form):
    passcode = forms.CharField(
        label=_("Passcode from the invitation"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class LicenceForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    number = forms.CharField(label=_("Medical licence number"), max_length=64)
    country = forms.CharField(
        label=_("Country that issued the licence (two letters, e.g. US)"), max_length=2
    )

    def clean_country(self) -> str:
        value = str(self.cleaned_data["country"]).upper()
        if not COUNTRY.fullmatch(value):
            raise forms.ValidationError(_("Use a two-letter country code."))
        return value


class MessageForm(forms.Form):
    """The text only: files come from request.FILES and are checked by the service, which
    also bounds how many (a Django FileField takes one file)."""

    body = forms.CharField(
        label=_("Your message to the hospital"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
