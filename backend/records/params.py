"""Query parameters of the reading API, parsed strictly: a typo is a 400 naming the
parameter, never a silently ignored filter that shows the patient the wrong records."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

from accounts.models import User
from common.exceptions import ValidationFailed
from records.selectors.cursor import Position
from records.selectors.timeline import TimelineQuery
from records.vocabulary import kind_keys, reading_language, section_keys
from shared.terminology import UnknownLanguageError

INCLUDABLE = frozenset({"hidden", "retracted"})
MAX_LIMIT = 200


def _invalid(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(fields={name: [message]})


def language(params: Mapping[str, str], user: User) -> str:
    try:
        return reading_language(params.get("lang"), user.preferred_language)
    except UnknownLanguageError:
        raise _invalid("lang", "Use ko, en, ja, zh-Hans, zh-Hant or th.") from None


def include(params: Mapping[str, str]) -> frozenset[str]:
    asked = frozenset(filter(None, params.get("include", "").split(",")))
    if asked - INCLUDABLE:
        raise _invalid("include", "Use hidden, retracted or both, comma-separated.")
    return asked


def version(params: Mapping[str, str]) -> int | None:
    text = params.get("version")
    if text is None:
        return None
    if not text.isdigit() or int(text) < 1:
        raise _invalid("version", "A version number, 1 or more.")
    return int(text)


def timeline_query(params: Mapping[str, str], user: User) -> TimelineQuery:
    sections, kinds = _kinds(params.get("kind", ""))
    included = include(params)
    cursor = params.get("cursor")
    return TimelineQuery(
        sections=sections,
        kinds=kinds,
        organization_id=_uuid(params, "hospital"),
        date_from=_date(params, "from"),
        date_to=_date(params, "to"),
        include_hidden="hidden" in included,
        include_retracted="retracted" in included,
        after=Position.decode(cursor) if cursor else None,
        limit=_limit(params.get("limit")),
        language=language(params, user),
    )


def _kinds(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    asked = [k for k in text.split(",") if k]
    unknown = [k for k in asked if k not in section_keys() and k not in kind_keys()]
    if unknown:
        raise _invalid("kind", "Use IPS section keys or document kinds, comma-separated.")
    return (
        tuple(k for k in asked if k in section_keys()),
        tuple(k for k in asked if k in kind_keys()),
    )


def _uuid(params: Mapping[str, str], name: str) -> uuid.UUID | None:
    text = params.get(name)
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        raise _invalid(name, "Not an id.") from None


def _date(params: Mapping[str, str], name: str) -> date | None:
    text = params.get(name)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise _invalid(name, "A date as YYYY-MM-DD.") from None


def _limit(text: str | None) -> int:
    if text is None:
        return 50
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise _invalid("limit", f"A number from 1 to {MAX_LIMIT}.")
    return int(text)
