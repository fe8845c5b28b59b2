"""Reading the FHIR Parameters of `Patient/$link`, with errors that point at the element."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from common.exceptions import Unprocessable
from shared.fhir import is_rrn

RRN_SYSTEM = "http://www.hl7korea.or.kr/Identifier/rrn"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class LinkRequest:
    code: str
    identifiers: list[tuple[str, str]]
    birth_date: date


def _issue(message: str, where: str) -> dict[str, Any]:
    return {"severity": "error", "code": "invalid", "diagnostics": message, "expression": [where]}


def _identifier(value: Any, where: str, issues: list[dict[str, Any]]) -> tuple[str, str] | None:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("system"), str)
        or not isinstance(value.get("value"), str)
        or not value["value"].strip()
    ):
        issues.append(_issue("An identifier needs a system and a value.", where))
        return None
    system, text = value["system"].strip(), value["value"].strip()
    if system == RRN_SYSTEM or is_rrn(system, text):
        issues.append(
            _issue(
                "A resident registration number cannot be used as an identifier: "
                "send the hospital's own patient number.",
                where,
            )
        )
        return None
    if len(system) > 255 or len(text) > 128:
        issues.append(_issue("The identifier is too long.", where))
        return None
    return system, text


def _birth_date(value: Any, where: str, issues: list[dict[str, Any]]) -> date | None:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    issues.append(_issue("birthDate must be a full date (YYYY-MM-DD).", where))
    return None


def parse_link_parameters(body: Any) -> LinkRequest:
    issues: list[dict[str, Any]] = []
    if (
        not isinstance(body, dict)
        or body.get("resourceType") != "Parameters"
        or not isinstance(body.get("parameter"), list)
    ):
        raise Unprocessable("Send a FHIR Parameters resource.", expression=["Parameters"])
    code, birth, identifiers = None, None, []
    for i, parameter in enumerate(body["parameter"]):
        name = parameter.get("name") if isinstance(parameter, dict) else None
        where = f"Parameters.parameter[{i}]"
        if name == "code" and isinstance(parameter.get("valueString"), str):
            code = parameter["valueString"]
        elif name == "identifier":
            found = _identifier(
                parameter.get("valueIdentifier"), f"{where}.valueIdentifier", issues
            )
            identifiers += [found] if found else []
        elif name == "birthDate":
            birth = _birth_date(parameter.get("valueDate"), f"{where}.valueDate", issues)
    if not code:
        issues.append(_issue("The code parameter (valueString) is required.", "Parameters"))
    if not identifiers and not issues:
        issues.append(_issue("At least one identifier parameter is required.", "Parameters"))
    if birth is None and not any("birthDate" in i["diagnostics"] for i in issues):
        issues.append(_issue("The birthDate parameter (valueDate) is required.", "Parameters"))
    if issues or code is None or birth is None:
        raise Unprocessable("The Parameters are not valid.", extra={"issues": issues})
    return LinkRequest(code, identifiers, birth)
