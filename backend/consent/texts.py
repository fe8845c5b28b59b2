"""The patient's words for consents and the access log, from data/texts.json.

Kept as data beside the code (like accounts' agreement texts) because the transfer-abroad text
is a legal text the patient reads and agrees to: its digest is stored with each consent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from accounts.agreement_texts import language_for

DATA_FILE = Path(__file__).resolve().parent / "data" / "texts.json"


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def _pick(entry: dict[str, str], language: str) -> str:
    lang = language_for(language)
    return entry.get(lang) or entry[_data()["fallback"]]


def phrase(group: str, key: str, language: str) -> str:
    """A short phrase (a section, a purpose, a refusal reason); the key itself if unknown."""
    entry = _data()[group].get(key)
    return _pick(entry, language) if entry else key.replace("-", " ")


def country_name(code: str, language: str) -> str:
    entry = _data()["countries"].get(code.upper())
    return _pick(entry, language) if entry else code.upper()


def items_text(items: Iterable[str], language: str) -> str:
    names = [phrase("sections", item, language) for item in items if item != "all"]
    return ", ".join(names) if names else _pick(_data()["all_items"], language)


def log_line(key: str, language: str, **params: object) -> str:
    return _pick(_data()["log"][key], language).format(**{k: str(v) for k, v in params.items()})


def transfer_text(
    *, language: str, recipient: str, country: str, items: list[str], start: str, end: str
) -> tuple[str, str, str]:
    """(language, title, text) of the transfer-abroad consent, filled in."""
    lang = language_for(language)
    if lang not in _data()["transfer"]:
        lang = _data()["fallback"]
    entry = _data()["transfer"][lang]
    text = entry["text"].format(
        recipient=recipient,
        country=country_name(country, lang),
        items=items_text(items, lang),
        start=start,
        end=end or _pick(_data()["no_end"], lang),
    )
    return lang, entry["title"], text


def transfer_required_message(country: str, language: str) -> str:
    lang = language_for(language)
    return _pick(_data()["transfer_required"], lang).format(country=country_name(country, lang))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
