"""Element-level checks on one resource's raw JSON, guided by the R4B datatypes (schema.py).

One iterative walk (no recursion, so hostile depth cannot crash it) checks what fhir.resources
leaves out and collects every Reference for bundle-level resolution:

- empty objects, arrays and strings (FHIR ele-1: an element has a value or children);
- resource ids longer than 64 characters (the R4 ``id`` datatype);
- base64Binary that is not strict base64;
- markdown carrying HTML beyond plain formatting tags (our viewer renders markdown);
- canonical URLs naming a resource type the element cannot point to;
- Period.start after Period.end (FHIR per-1);
- a contained resource that contains resources itself (FHIR dom-2);
- a modifierExtension (FHIR: a system that does not understand one must not process it);
- the value type of a few core extensions (narrativeLink, data-absent-reason, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .dates import FhirDate, parse_fhir_date
from .outcome import Issue, error
from .schema import FieldSpec, fields_of, resource_type_exists

_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>?")
# Plain formatting tags without attributes render harmlessly and occur in real notes ("<br/>");
# any other tag, attribute or comment could carry script into the browser viewer.
_SAFE_TAG = re.compile(r"</?(?:b|i|em|strong|u|p|br|ul|ol|li|sub|sup)\s*/?>", re.IGNORECASE)
_MAX_ID = 64
# Value types of core extensions that IPS documents use; unknown extensions are kept unchecked.
_CORE_EXTENSION_VALUES = {
    "http://hl7.org/fhir/StructureDefinition/narrativeLink": "valueUrl",
    "http://hl7.org/fhir/StructureDefinition/data-absent-reason": "valueCode",
    "http://hl7.org/fhir/StructureDefinition/patient-birthTime": "valueDateTime",
    "http://hl7.org/fhir/StructureDefinition/patient-birthPlace": "valueAddress",
}


@dataclass(frozen=True)
class ReferenceSite:
    """A ``Reference.reference`` found at ``path``; ``contained`` lists the ids it may use."""

    path: str
    reference: str
    targets: tuple[str, ...]
    contained: frozenset[str]


@dataclass
class Scan:
    issues: list[Issue] = field(default_factory=list)
    references: list[ReferenceSite] = field(default_factory=list)


# A unit of work: the JSON value, its datatype name, its path, whether it sits inside a
# contained resource, and (for References) the resource types the holding element allows.
_Frame = tuple[Any, str, str, bool, tuple[str, ...]]


def scan_resource(resource: dict[str, Any], path: str) -> Scan:
    """Walk one resource (and its contained resources) and report what the walk checks."""
    scan = Scan()
    contained_ids = _contained_ids(resource)
    stack: list[_Frame] = [(resource, str(resource.get("resourceType", "")), path, False, ())]
    while stack:
        value, model, where, nested, targets = stack.pop()
        if isinstance(value, list):
            if not value:
                scan.issues.append(error("structure", "An array is empty; leave it out.", where))
            stack.extend(
                (item, model, f"{where}[{i}]", nested, targets) for i, item in enumerate(value)
            )
        elif isinstance(value, dict):
            frame = (value, model, where, nested, targets)
            _visit_object(stack, frame, contained_ids, scan)
    return scan


def _visit_object(stack: list[_Frame], frame: _Frame, ids: frozenset[str], scan: Scan) -> None:
    obj, model, where, nested, targets = frame
    if not obj:
        scan.issues.append(error("structure", "An object is empty; leave it out.", where))
        return
    if model == "Period":
        _check_period(obj, where, scan)
    elif model == "Extension":
        _check_extension(obj, where, scan)
    if obj.get("modifierExtension"):
        message = "A modifierExtension is present: FHIR forbids processing what we cannot read."
        scan.issues.append(error("not-supported", message, f"{where}.modifierExtension"))
    specs = fields_of(model)
    for key, value in obj.items():
        spec = specs.get(key)
        if key == "fhir_comments":
            message = "fhir_comments is not allowed in FHIR R4 JSON."
            scan.issues.append(error("structure", message, f"{where}.{key}"))
            continue
        if spec is None:
            continue  # unknown keys are fhir.resources' to report; "_x" holds id/extension only
        child = f"{where}.{key}"
        if isinstance(value, str):
            _check_string(value, spec, child, scan)
            if key == "reference" and model == "Reference":
                scan.references.append(ReferenceSite(child, value, targets, ids))
        elif spec.kind == "resource":
            _check_nesting(value, nested, child, scan)
            stack.extend(_resource_frames(value, child))
        elif spec.kind == "model":
            stack.append((value, spec.model, child, nested, spec.targets))


def _resource_frames(value: Any, where: str) -> list[_Frame]:
    items = value if isinstance(value, list) else [value]
    return [
        (item, str(item.get("resourceType", "")), f"{where}[{index}]", True, ())
        for index, item in enumerate(items)
        if isinstance(item, dict)
    ]


def _check_nesting(value: Any, nested: bool, where: str, scan: Scan) -> None:
    if nested:
        message = "A contained resource contains resources itself (FHIR dom-2)."
        scan.issues.append(error("invariant", message, where))


def _check_string(value: str, spec: FieldSpec, where: str, scan: Scan) -> None:
    if not value:
        scan.issues.append(error("structure", "A string is empty; leave it out.", where))
    elif spec.kind == "id" and len(value) > _MAX_ID:
        scan.issues.append(error("too-long", f"An id is longer than {_MAX_ID} characters.", where))
    elif spec.kind == "base64" and not _BASE64.fullmatch(_WHITESPACE.sub("", value)):
        scan.issues.append(error("value", "A base64Binary value is not valid base64.", where))
    elif spec.kind == "markdown" and _unsafe_markup(value):
        message = "Markdown contains HTML other than plain formatting tags."
        scan.issues.append(error("security", message, where))
    elif spec.kind == "canonical":
        _check_canonical(value, spec.targets, where, scan)


def _unsafe_markup(text: str) -> bool:
    return "<" in text and any(not _SAFE_TAG.fullmatch(tag) for tag in _TAG.findall(text))


def _check_canonical(value: str, targets: tuple[str, ...], where: str, scan: Scan) -> None:
    if not targets or "Resource" in targets or value.startswith("#"):
        return
    segments = value.split("|")[0].rstrip("/").split("/")
    named = segments[-2] if len(segments) >= 2 else ""
    if resource_type_exists(named) and named not in targets:
        message = f"The canonical URL names a {named}; this element takes {', '.join(targets)}."
        scan.issues.append(error("value", message, where))


def _check_extension(extension: dict[str, Any], where: str, scan: Scan) -> None:
    expected = _CORE_EXTENSION_VALUES.get(str(extension.get("url")))
    if expected is None:
        return
    values = [key for key in extension if key.startswith("value")]
    if values and values != [expected]:
        message = f"This core extension takes {expected}."
        scan.issues.append(error("structure", message, f"{where}.{values[0]}"))


def _check_period(period: dict[str, Any], where: str, scan: Scan) -> None:
    start = period.get("start")
    end = period.get("end")
    if not (isinstance(start, str) and isinstance(end, str)):
        return
    first, last = parse_fhir_date(start), parse_fhir_date(end)
    if first is not None and last is not None and _after(first, last):
        message = "Period.start is after Period.end (FHIR per-1)."
        scan.issues.append(error("invariant", message, where))


def _after(first: FhirDate, last: FhirDate) -> bool:
    """True only when start is after end under every reading of the values."""
    if first.precision != "time" and last.precision != "time":
        return first.local_date > last.bounds_dates()[1]  # both calendar dates: no zones
    return first.bounds()[0] > last.bounds()[1]


def _contained_ids(resource: dict[str, Any]) -> frozenset[str]:
    contained = resource.get("contained")
    if not isinstance(contained, list):
        return frozenset()
    return frozenset(
        str(item["id"]) for item in contained if isinstance(item, dict) and "id" in item
    )
