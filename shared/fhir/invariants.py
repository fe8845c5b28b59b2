"""A few FHIR R4 invariants and profile rules that fhir.resources does not evaluate.

fhir.resources checks cardinality and datatypes, not FHIRPath constraints. The ones here are
cheap to express in Python and matter for patient data; each names its source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .outcome import Issue, error

_LOINC = "http://loinc.org"
_VITAL_SIGNS = "vital-signs"


def check_invariants(resource: dict[str, Any], path: str) -> list[Issue]:
    check = _CHECKS.get(str(resource.get("resourceType")))
    return list(check(resource, path)) if check else []


def _risk_assessment(resource: dict[str, Any], path: str) -> Iterator[Issue]:
    """ras-2: prediction.probabilityDecimal must be <= 100."""
    for index, prediction in enumerate(_list(resource.get("prediction"))):
        probability = prediction.get("probabilityDecimal")
        if isinstance(probability, int | float) and probability > 100:
            where = f"{path}.prediction[{index}].probabilityDecimal"
            yield error("invariant", "A probability is above 100 (FHIR ras-2).", where)


def _questionnaire(resource: dict[str, Any], path: str) -> Iterator[Issue]:
    """que-12: an item with more than one enableWhen must say how they combine."""
    stack = [(item, f"{path}.item[{i}]") for i, item in enumerate(_list(resource.get("item")))]
    while stack:
        item, where = stack.pop()
        if len(_list(item.get("enableWhen"))) > 1 and "enableBehavior" not in item:
            message = "An item has several enableWhen but no enableBehavior (FHIR que-12)."
            yield error("invariant", message, where)
        children = enumerate(_list(item.get("item")))
        stack.extend((child, f"{where}.item[{i}]") for i, child in children)


def _observation(resource: dict[str, Any], path: str) -> Iterator[Issue]:
    """Vital signs must follow the R4 vital signs profile, which requires a LOINC code.

    The spec makes that profile mandatory for any Observation in the vital-signs category, and
    the app charts vital signs by their LOINC code.
    """
    if not _has_category(resource, _VITAL_SIGNS):
        return
    codings = [c for code in _list(resource.get("code")) for c in _list(code.get("coding"))]
    if not any(coding.get("system") == _LOINC and coding.get("code") for coding in codings):
        message = "A vital-signs Observation has no LOINC code (FHIR vital signs profile)."
        yield error("invariant", message, f"{path}.code")


def _has_category(resource: dict[str, Any], code: str) -> bool:
    return any(
        coding.get("code") == code
        for category in _list(resource.get("category"))
        for coding in _list(category.get("coding"))
    )


def _list(value: Any) -> list[dict[str, Any]]:
    # Structure errors are reported elsewhere; here a wrong shape simply means "nothing to check".
    if isinstance(value, dict):
        value = [value]
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


_CHECKS: dict[str, Callable[[dict[str, Any], str], Iterator[Issue]]] = {
    "RiskAssessment": _risk_assessment,
    "Questionnaire": _questionnaire,
    "Observation": _observation,
}
