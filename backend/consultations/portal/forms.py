"""Portal forms: plain Django forms, so labels, errors and limits come for free."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message to the hospital"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = forms.FileField(  # type: ignore[assignment]
        label=_("Attach photos or PDFs (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def clean_files(self) -> Any:
        # The service cleans and checks each file; here only the count is bounded early.
        files = self.files.getlist("files") if hasattr(self.files, "getlist") else []
        if len(files) > settings.CONSULTATIONS_MAX_FILES:
            raise forms.ValidationError(_("Too many files."))
        return files
