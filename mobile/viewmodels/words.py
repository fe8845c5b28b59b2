"""Grants and scopes in plain words: "Busan Family Clinic may read your medications and
results until 2027-03-01". Pure functions over the cached dicts and a translator, so the
sentence follows a language switch without asking the server again."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from mobile.format import local_time

Translate = Callable[..., str]
# The summary's six sections have their own names in the catalogue (section.*); the IPS has
# ten more, which plain words count rather than name one by one.
NAMED_SECTIONS = ("allergies", "medications", "problems", "results", "immunizations", "procedures")
KINDS = (
    "ips",
    "referral",
    "discharge-summary",
    "record-summary",
    "return-letter",
    "radiology-report",
    "immunization-summary",
    "document",
    "record-set",
)


@cache
def all_sections() -> frozenset[str]:
    """The IPS section keys, from the same table the server files entries by."""
    table = resources.files("shared.fhir").joinpath("data/document_kinds.json").read_text("utf-8")
    return frozenset(json.loads(table)["sections"].values())


def all_kinds() -> frozenset[str]:
    return frozenset(KINDS)


def scope_words(sections: list[str], kinds: list[str], t: Translate) -> str:
    """What a grant lets someone read, in a few words."""
    if not sections and not kinds:
        return t("scope.everything")
    if set(sections) >= all_sections():
        return t("scope.summary")
    if set(kinds) >= all_kinds():
        return t("scope.all_documents")
    # Section names are card titles ("Current medications"); inside a sentence they are not.
    named = [t(f"section.{s}").lower() for s in NAMED_SECTIONS if s in sections]
    named += [t(f"kind.{k}") for k in KINDS if k in kinds]
    others = len([s for s in sections if s not in NAMED_SECTIONS])
    others += len([k for k in kinds if k not in KINDS])
    if others:
        named.append(t("scope.others", count=others))
    return t("scope.list_separator").join(named)


def grant_words(grant: dict[str, Any], t: Translate) -> str:
    """One sentence: who may do what, until when."""
    who = grant_who(grant, t)
    if grant["kind"] == "push":
        return t("grant.push", who=who)
    what = scope_words(grant["sections"], grant["kinds"], t)
    until = local_time(grant["expires_at"])
    if not until:
        return t("grant.read_open", who=who, what=what)
    if grant.get("status") in ("expired", "revoked"):
        ended = local_time(grant.get("revoked_at") or "") or until
        return t("grant.read_ended", who=who, what=what, until=ended)
    return t("grant.read", who=who, what=what, until=until)


def grant_who(grant: dict[str, Any], t: Translate) -> str:
    if grant.get("who"):
        return str(grant["who"])
    return t(f"grantee.{grant.get('grantee_type') or 'organization'}")


def status_words(status: str, t: Translate) -> str:
    return t(f"grant.status.{status}") if status else ""
