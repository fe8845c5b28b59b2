"""What the client's call groups (consent, sharing, consultations) need from the client.

Each group is a mixin of `PocketChartClient` in its own module, so no module grows past a
screenful; this Protocol is the small surface they use.
"""

from __future__ import annotations

from typing import Any, Protocol

from shared.api.transport import Reply


class Caller(Protocol):
    def _call(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> Reply: ...

    def _json(self, method: str, path: str, **kwargs: Any) -> Any: ...

    def _lang(self) -> dict[str, str]: ...


def text(body: dict[str, Any], key: str, default: str = "") -> str:
    value = body.get(key)
    return default if value is None else str(value)


def strings(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def mapping(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    return value if isinstance(value, dict) else {}
