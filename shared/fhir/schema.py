"""What kind of FHIR value each JSON key holds, read once from the fhir.resources R4B models.

fhir.resources checks structure but not every rule the datatypes carry (id length, strict
base64, HTML in markdown, the target type of a canonical or a Reference, Period order). To
check those on the raw JSON without a second hand-written schema, we ask the models which
datatype each element has and cache the answer per type.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from functools import cache

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel

_TYPE_NAME = re.compile(r"[A-Z][A-Za-z]{0,63}")
_ABSTRACT = frozenset({"Resource", "DomainResource"})

# Datatypes whose values the element walk checks (names of fhir_core type markers).
_MARKERS = {"Markdown": "markdown", "Base64Binary": "base64", "Canonical": "canonical", "Id": "id"}


@dataclass(frozen=True)
class FieldSpec:
    """``kind`` is 'model', 'resource', or a primitive marker kind, or 'primitive'."""

    kind: str
    model: str = ""  # the datatype/backbone name when kind == 'model'
    targets: tuple[str, ...] = ()  # allowed target resource types (Reference, canonical)


def resource_type_exists(name: str) -> bool:
    """True when ``name`` is an R4B resource type (not a datatype)."""
    return isinstance(name, str) and name not in _ABSTRACT and _is_resource(name)


def model_class(name: str) -> type[BaseModel] | None:
    """The R4B model class called ``name``, or None (the library raises two kinds of error)."""
    if not _TYPE_NAME.fullmatch(name):
        return None
    try:
        return typing.cast(type[BaseModel], get_fhir_model_class(name))
    except (KeyError, ValueError, AttributeError):
        return None


@cache
def _is_resource(name: str) -> bool:
    model = model_class(name)
    return model is not None and issubclass(model, Resource)


@cache
def fields_of(model_name: str) -> dict[str, FieldSpec]:
    """Map each JSON key of ``model_name`` to its FieldSpec (empty for unknown names)."""
    model = model_class(model_name)
    if model is None:
        return {}
    specs: dict[str, FieldSpec] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        raw_targets = extra.get("enum_reference_types") or ()
        targets = tuple(str(t) for t in raw_targets) if isinstance(raw_targets, list) else ()
        specs[info.alias or name] = _spec(info.annotation, targets)
    return specs


def _spec(annotation: typing.Any, targets: tuple[str, ...]) -> FieldSpec:
    for marker in getattr(annotation, "__metadata__", ()):
        kind = _MARKERS.get(type(marker).__name__)
        if kind:
            return FieldSpec(kind, targets=targets)
    name = getattr(annotation, "__name__", "")
    if isinstance(annotation, type) and name.endswith("Type") and name != "NoneType":
        model = name.removesuffix("Type")
        if model == "Resource":
            return FieldSpec("resource")
        return FieldSpec("model", model=model, targets=targets)
    for argument in typing.get_args(annotation):
        spec = _spec(argument, targets)
        if spec.kind != "primitive":
            return spec
    return FieldSpec("primitive")
