"""What we store differs from what was sent in two ways, both written down in
docs/decisions.md: resident registration numbers are removed from every Patient, and
DocumentReference attachment bytes move to their own sealed rows.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass, field
from typing import Any

from common.exceptions import Unprocessable
from records import sniff
from shared.fhir import Issue, strip_rrn

_SNIFFED = frozenset({sniff.PDF, sniff.JPEG, sniff.PNG})


@dataclass
class ExtractedAttachment:
    id: uuid.UUID
    content_type: str
    data: bytes


@dataclass
class Cleaned:
    bundle: dict[str, Any]
    attachments: list[ExtractedAttachment] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    changed: bool = False


def without_rrn(bundle: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A copy with every Patient (contained ones too) stripped of RRN identifiers."""
    changed = False
    entries = []
    for entry in bundle.get("entry", []):
        resource = entry.get("resource")
        if isinstance(resource, dict):
            cleaned = _strip_resource(resource)
            if cleaned is not resource:
                entry, changed = {**entry, "resource": cleaned}, True
        entries.append(entry)
    return ({**bundle, "entry": entries} if changed else bundle), changed


def _strip_resource(resource: dict[str, Any]) -> dict[str, Any]:
    result = resource
    if resource.get("resourceType") == "Patient":
        stripped = strip_rrn(resource)
        if stripped != resource:
            result = stripped
    contained = result.get("contained")
    if isinstance(contained, list):
        inner = [_strip_resource(r) if isinstance(r, dict) else r for r in contained]
        if any(a is not b for a, b in zip(inner, contained, strict=True)):
            result = {**result, "contained": inner}
    return result


def extract_attachments(bundle: dict[str, Any]) -> Cleaned:
    """Move DocumentReference attachment bytes out of the Bundle (see the module doc)."""
    cleaned = Cleaned(bundle=bundle)
    entries = bundle.get("entry", [])
    for index, entry in enumerate(entries):
        resource = entry.get("resource")
        if isinstance(resource, dict) and resource.get("resourceType") == "DocumentReference":
            new = _extract_from(resource, f"Bundle.entry[{index}].resource", cleaned)
            if new is not resource:
                if not cleaned.changed:
                    cleaned.bundle = {**bundle, "entry": list(entries)}
                    cleaned.changed = True
                cleaned.bundle["entry"][index] = {**entry, "resource": new}
    return cleaned


def _extract_from(resource: dict[str, Any], path: str, cleaned: Cleaned) -> dict[str, Any]:
    contents = resource.get("content")
    if not isinstance(contents, list):
        return resource
    new_contents = []
    for position, content in enumerate(contents):
        attachment = content.get("attachment") if isinstance(content, dict) else None
        if isinstance(attachment, dict) and isinstance(attachment.get("data"), str):
            where = f"{path}.content[{position}].attachment"
            content = {**content, "attachment": _move_out(attachment, where, cleaned)}
        new_contents.append(content)
    if new_contents == contents:
        return resource
    return {**resource, "content": new_contents}


def _move_out(attachment: dict[str, Any], where: str, cleaned: Cleaned) -> dict[str, Any]:
    data = _decode(attachment["data"], where)
    declared = sniff.media_type(str(attachment.get("contentType", "")))
    actual = attachment_type(data, declared, where)
    if declared and declared != sniff.media_type(actual):
        cleaned.warnings.append(
            Issue(
                "warning",
                "value",
                f"contentType said {declared} but the bytes are {actual}; stored as {actual}.",
                [f"{where}.contentType"],
            )
        )
    stored = ExtractedAttachment(uuid.uuid4(), actual, data)
    cleaned.attachments.append(stored)
    moved = {k: v for k, v in attachment.items() if k != "data"}
    # urn:uuid names our sealed copy; the patient API serves it by that id.
    moved.update(contentType=actual, url=f"urn:uuid:{stored.id}", size=len(data))
    return moved


def _decode(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _refusal("The attachment data is not valid base64.", f"{where}.data") from None


def attachment_type(data: bytes, declared: str, where: str) -> str:
    """The rule: the bytes decide. PDF, JPEG and PNG are recognised by their magic numbers
    and a disagreeing label is corrected (with a warning); plain text is accepted only when
    declared as text/plain and the bytes are UTF-8 text; anything else is refused.
    """
    sniffed = sniff.sniff(data)
    if sniffed is not None:
        return sniffed
    if declared == sniff.TEXT and sniff.is_plain_text(data):
        return "text/plain; charset=utf-8"
    if declared in _SNIFFED:
        raise _refusal(f"The attachment says {declared} but its bytes are not.", where)
    raise _refusal(
        "Attachments must be PDF, JPEG, PNG or UTF-8 plain text (recognised from the bytes).",
        where,
    )


def _refusal(message: str, where: str) -> Unprocessable:
    error = Unprocessable(message, code="attachment_refused", expression=[where])
    error.fhir_code = "not-supported"
    return error
