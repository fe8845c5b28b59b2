"""The patient exporting their own summary as an IPS document: authorised and audited here,
built by records.exports.ips (which sharing calls too, with its own checks and events)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from common.actors import Actor
from records.exports.ips import ips_document
from records.selectors.access import read_logged, require_self


def fhir_export(
    *, actor: Actor, patient: User, language: str, include_hidden: bool = False
) -> dict[str, Any]:
    require_self(actor, patient.id)
    bundle = ips_document(patient=patient, language=language, include_hidden=include_hidden)
    read_logged(
        actor=actor,
        patient_id=patient.id,
        action="record.export.fhir",
        object_type="ips",
        detail={
            "entries": len(bundle["entry"]),
            "language": language,
            "hidden_included": include_hidden,
        },
    )
    return bundle
