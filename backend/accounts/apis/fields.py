"""Input fields shared by the accounts endpoints, with the checks the law and data ask for."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# A Korean resident registration number (YYMMDD-GNNNNNN): never accepted, in any field.
RRN = re.compile(r"\d{6}-?[1-8]\d{6}")
PASSPORT = re.compile(r"[A-Z0-9]{6,20}")
COUNTRY = re.compile(r"[A-Z]{2}")


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class LanguageField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data).lower().replace("_", "-")
        if value not in {code for code, _name in settings.LANGUAGES}:
            raise serializers.ValidationError(_("Not a supported language."))
        return value


class TimeZoneField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if value not in _time_zones():
            raise serializers.ValidationError(_("Not a known time zone."))
        return value


class CountryField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data).upper()
        if not COUNTRY.fullmatch(value):
            raise serializers.ValidationError(_("Use a two-letter country code."))
        return value


class PassportField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        value = re.sub(r"[\s-]", "", super().to_internal_value(data)).upper()
        if RRN.fullmatch(str(data).strip()) or RRN.fullmatch(value):
            raise serializers.ValidationError(_("Do not enter a resident registration number."))
        if not PASSPORT.fullmatch(value):
            raise serializers.ValidationError(_("Not a valid passport number."))
        return value


class BirthDateField(serializers.DateField):
    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        if not dt.date(1900, 1, 1) <= day <= timezone.localdate():
            raise serializers.ValidationError(_("Not a possible birth date."))
        return day


def password_field() -> serializers.CharField:
    return serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)
