"""Reference resolution inside a Bundle, following the FHIR R4 rules (bundle.html#references).

A pushed Bundle must stand on its own: every literal reference resolves to an entry, to a
contained resource, or is plainly external. Resolution order for a relative ``Type/id``: the
referencing entry's fullUrl base joined with the reference (the spec's rule), then any entry
whose ``resourceType/id`` matches (what senders using ``urn:uuid`` fullUrls with ids expect).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .elements import ReferenceSite
from .outcome import Issue, error, warning
from .schema import resource_type_exists

_RELATIVE = re.compile(
    r"(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]+)(?:/_history/[A-Za-z0-9\-.]+)?"
)
_ABSOLUTE_TAIL = re.compile(
    r"(?P<base>.*)/(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]+)(?:/_history/[^/]+)?"
)
_URN = ("urn:uuid:", "urn:oid:")
_SECTION_ENTRY = re.compile(r"\.resource(?:\.section\[\d+\])+\.entry\[\d+\]\.reference$")
# Elements that say whom a resource is about: if they dangle, the record may be someone else's.
_PATIENT_ELEMENTS = frozenset({"subject", "patient", "beneficiary"})
_HTTP = ("http://", "https://")


@dataclass
class BundleIndex:
    """Where each entry can be found: by fullUrl and by resourceType/id."""

    types: list[str] = field(default_factory=list)
    full_urls: list[str] = field(default_factory=list)
    by_full_url: dict[str, int] = field(default_factory=dict)
    by_type_id: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, entries: list[Any]) -> BundleIndex:
        index = cls()
        for position, entry in enumerate(entries):
            entry = entry if isinstance(entry, dict) else {}
            resource = entry.get("resource")
            resource = resource if isinstance(resource, dict) else {}
            raw_url = entry.get("fullUrl")
            full_url = raw_url if isinstance(raw_url, str) else ""
            resource_type = str(resource.get("resourceType", ""))
            index.types.append(resource_type)
            index.full_urls.append(full_url)
            if full_url:
                index.by_full_url.setdefault(full_url, position)
            if isinstance(resource.get("id"), str):
                index.by_type_id[(resource_type, resource["id"])].append(position)
        return index


def check_references(
    index: BundleIndex, sites: list[tuple[int, ReferenceSite]], *, document: bool
) -> tuple[list[Issue], list[Issue]]:
    """Resolve every reference; return (errors, warnings). Warnings are one per distinct target."""
    errors: list[Issue] = []
    warnings: dict[str, Issue] = {}
    for position, site in sites:
        for issue in _check_one(index, position, site, document):
            if issue.severity == "error":
                errors.append(issue)
            else:
                warnings.setdefault(site.reference, issue)
    return errors, list(warnings.values())


def _check_one(
    index: BundleIndex, position: int, site: ReferenceSite, document: bool
) -> list[Issue]:
    ref = site.reference
    if ref.startswith("#"):
        if ref == "#" or ref[1:] in site.contained:
            return []
        return [error("not-found", "A contained reference (#id) does not resolve.", site.path)]
    if "?" in ref and not ref.startswith(_HTTP):
        return _conditional(ref, site)
    target = _resolve(index, position, ref)
    if isinstance(target, int):
        return _type_check(index.types[target], site)
    if isinstance(target, list):
        message = "A reference matches more than one entry of the Bundle."
        return [error("multiple-matches", message, site.path)]
    return _unresolved(ref, site, document)


def _resolve(index: BundleIndex, position: int, ref: str) -> int | list[int] | None:
    if ref in index.by_full_url:
        return index.by_full_url[ref]
    if ref.startswith(_URN) or ref.startswith(_HTTP):
        plain = ref.split("/_history/")[0]
        return index.by_full_url.get(plain)
    match = _RELATIVE.fullmatch(ref)
    if match is None:
        return None
    base = _ABSOLUTE_TAIL.fullmatch(index.full_urls[position])
    if base and base["base"].startswith(_HTTP):
        joined = f"{base['base']}/{match['type']}/{match['id']}"
        if joined in index.by_full_url:
            return index.by_full_url[joined]
    found = index.by_type_id.get((match["type"], match["id"]), [])
    return found[0] if len(found) == 1 else (found or None)


def _type_check(found_type: str, site: ReferenceSite) -> list[Issue]:
    if not site.targets or "Resource" in site.targets or found_type in site.targets:
        return []
    allowed = ", ".join(site.targets)
    message = f"The reference points to a {_name(found_type)}; this element takes {allowed}."
    return [error("value", message, site.path)]


def _unresolved(ref: str, site: ReferenceSite, document: bool) -> list[Issue]:
    if ref.startswith(_HTTP) and not _dangling_http(ref):
        message = "External reference: it is kept but not fetched."
        return [warning("informational", message, site.path)]
    if ref.startswith(_URN):
        return [_dangling(site, "", document)]
    match = _RELATIVE.fullmatch(ref) or _ABSOLUTE_TAIL.fullmatch(ref)
    if match is None:
        return [error("invalid", "The reference is not a valid FHIR reference.", site.path)]
    return [*_type_check(match["type"], site), _dangling(site, match["type"], document)]


def _dangling_http(ref: str) -> bool:
    """An absolute URL is plainly external unless it names a Patient (then it is dangling)."""
    tail = _ABSOLUTE_TAIL.fullmatch(ref)
    return bool(tail and tail["type"] == "Patient")


def _dangling(site: ReferenceSite, resource_type: str, document: bool) -> Issue:
    """A reference that should be in the Bundle but is not (POLICY.md: references)."""
    element = site.path.rsplit(".", 2)[-2].split("[")[0]
    about_patient = element in _PATIENT_ELEMENTS and (
        not site.targets or "Patient" in site.targets or "Resource" in site.targets
    )
    if resource_type == "Patient" or (about_patient and resource_type in ("", "Patient")):
        message = "The reference names a Patient that is not the Bundle's Patient."
        return error("business-rule", message, site.path)
    if document and _SECTION_ENTRY.search(site.path):
        message = "A Composition section entry is not in the document."
        return error("not-found", message, site.path)
    message = f"The referenced {_name(resource_type)} is not in the Bundle; shown without it."
    return warning("not-found", message, site.path)


def _conditional(ref: str, site: ReferenceSite) -> list[Issue]:
    resource_type = ref.split("?", 1)[0]
    if resource_type == "Patient":
        message = "A conditional reference to a Patient: the Patient must be in the Bundle."
        return [error("business-rule", message, site.path)]
    message = f"Conditional reference to a {_name(resource_type)}: kept, not resolved."
    return [warning("informational", message, site.path)]


def _name(resource_type: str) -> str:
    # Type names come from the input: echo only real FHIR type names, never arbitrary text.
    return resource_type if resource_type_exists(resource_type) else "resource"
