"""Structural validation with fhir.resources R4B, reported as Issues without input values.

Each entry's resource is validated on its own, so one broken entry is reported with its index
and the others are still checked. Pydantic error messages may quote the offending input, which
is health data: only messages from error kinds whose wording is fixed are passed on, and every
message is also scrubbed of the input as a second line of defence.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from .outcome import Issue, error
from .schema import model_class, resource_type_exists

# Pydantic error types whose message never contains the input value.
_SAFE_TYPES = frozenset(
    {
        "missing",
        "extra_forbidden",
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "bool_type",
        "bool_parsing",
        "int_type",
        "int_parsing",
        "float_type",
        "float_parsing",
        "decimal_type",
        "decimal_parsing",
        "string_pattern_mismatch",
        "string_too_short",
        "string_too_long",
        "base64_decode",
        "url_parsing",
        "url_type",
        "date_from_datetime_parsing",
        "datetime_from_date_parsing",
    }
)
# Pydantic adds the union member it tried ("str", "list[str]", "function-after[...]") to the
# location; FHIR element names are never any of these.
_NOT_ELEMENTS = frozenset({"str", "int", "float", "bool", "bytes", "decimal", "dict", "list"})
# FHIR element names are lowerCamelCase; anything else in a location came from the input (an
# unknown key can hold data) and is not echoed.
_ELEMENT = re.compile(r"_?[a-z][A-Za-z0-9_]{0,63}")
_PYDANTIC_TAG = re.compile(r".*[\[\]\-(),].*")


def validate_resource(resource: Any, path: str) -> list[Issue]:
    """Validate one resource's structure; ``path`` is its FHIRPath-like location."""
    if not isinstance(resource, dict):
        return [error("structure", "A resource must be a JSON object.", path)]
    resource_type = str(resource.get("resourceType", ""))
    model = model_class(resource_type) if resource_type_exists(resource_type) else None
    if model is None:
        return [error("not-supported", "The resourceType is not an R4 resource type.", path)]
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        return [_issue(detail, path) for detail in exc.errors(include_url=False)]
    except (KeyError, ValueError, TypeError):
        # An unknown resourceType nested deeper (contained, Bundle in Bundle) raises KeyError.
        return [error("structure", "A nested resource could not be read.", path)]
    return []


def _issue(detail: Any, path: str) -> Issue:
    where = fhirpath(path, detail.get("loc", ()))
    kind = str(detail.get("type", ""))
    if kind.startswith("model_field_validation.missing") or kind == "missing":
        return error("required", "A required element is missing.", where)
    message = str(detail.get("msg", "")) if kind in _SAFE_TYPES else _generic(kind)
    return error(_code(kind), _scrub(message, detail.get("input")), where)


def fhirpath(path: str, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic ``loc`` tuple into a FHIRPath-like expression under ``path``."""
    parts = [path]
    for step in loc:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif isinstance(step, str) and step not in _NOT_ELEMENTS and not _PYDANTIC_TAG.match(step):
            name = step.removesuffix("__ext")
            parts.append(f".{name}" if _ELEMENT.fullmatch(name) else ".?")
    return "".join(parts)


def _code(kind: str) -> str:
    if kind == "extra_forbidden":
        return "structure"
    if kind.endswith("_type") or kind == "model_attributes_type":
        return "structure"
    if kind == "string_too_long":
        return "too-long"
    return "value"


def _generic(kind: str) -> str:
    if kind == "value_error":
        return "The value does not match its FHIR datatype."
    return "The value is not valid here."


def _scrub(message: str, value: Any) -> str:
    text = value if isinstance(value, str) else None
    if text and len(text) >= 3 and text in message:
        return message.replace(text, "…")
    return message
