"""Deleting one's own account, confirmed by the password and a typed word (PIPA Art. 36:
deletion no harder than sign-up, and not by accident).

The word is shown in the patient's language (`deletion_terms`); typing it in English is
accepted too, for a phone without that keyboard. Wrong password and wrong word are refused
and audited. The work itself is accounts' account_shred (the same as DELETE /api/v1/me
after its password check), which runs exports.deletion.erase in its transaction.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from accounts import limits
from accounts.models import User
from accounts.selectors import actor_for
from accounts.services.profile import account_shred
from audit import services as audit
from common.exceptions import ValidationFailed
from records.vocabulary import reading_language

TEXTS_FILE = Path(__file__).resolve().parents[1] / "data" / "deletion_texts.json"
ERASED = ("erased_records", "erased_sharing", "erased_account")
KEPT = ("kept_audit", "kept_grants", "kept_ledger", "kept_hospitals")


@cache
def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(TEXTS_FILE.read_text("utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def text_keys() -> frozenset[str]:
    return frozenset(_texts())


def _language(user: User, requested: str | None = None) -> str:
    return reading_language(requested, user.preferred_language)


def deletion_terms(*, user: User, language: str | None = None) -> dict[str, Any]:
    """What to type, what goes and what stays: shown before the patient confirms."""
    lang = _language(user, language)
    texts = _texts()
    return {
        "language": lang,
        "phrase": texts["phrase"][lang],
        "erased": [texts[key][lang] for key in ERASED],
        "kept": [texts[key][lang] for key in KEPT],
    }


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _phrase_ok(user: User, typed: str) -> bool:
    accepted = {_normal(_texts()["phrase"][_language(user)]), _normal(_texts()["phrase"]["en"])}
    return _normal(typed) in accepted


def _refuse(user: User, reason: str, field: str, message: str) -> ValidationFailed:
    audit.record_refusal(
        actor=actor_for(user), action="account.delete", reason=reason, patient_id=user.id,
        object_type="user", object_id=user.id,
    )  # fmt: skip
    return ValidationFailed(fields={field: [message]}, code=reason)


def account_delete(*, user: User, password: str, phrase: str, client_ip: str) -> dict[str, Any]:
    """Delete the account; the answer says what was erased and what is kept, and why.

    Wrong passwords count towards the login lockout (accounts.limits): a stolen session must
    not become a way to guess the password.
    """
    refusal = limits.login_refusal(email=user.email, address=client_ip)
    if refusal is not None:
        _refuse(user, refusal.code, "password", refusal.message)
        raise refusal
    if not _phrase_ok(user, phrase):
        raise _refuse(user, "wrong_phrase", "phrase", "Type the word exactly as shown.")
    if not user.check_password(password):
        limits.failure_record(email=user.email, address=client_ip)
        raise _refuse(user, "wrong_password", "password", "This is not your password.")
    terms = deletion_terms(user=user)
    erased = account_shred(user=user, actor=actor_for(user), action="account.delete")
    return {**terms, "deleted": True, "counts": erased}
