"""A grant as a FHIR R4 Consent (privacy consent, opt-in, one permit provision).

The patient is named by the Patient id the grantee knows (never the PocketChart account);
the data scope becomes provision.code (IPS section and document LOINC codes),
provision.dataPeriod and provision.data; a push grant is a permit to `collect`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from consent.selectors.grants import GrantView
from consent.vocabulary import kind_loinc, section_loinc

LOINC = "http://loinc.org"
SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
DOCUMENT_SYSTEM = "urn:pocketchart:document"
# Our purposes are finer than v3 ActReason; both codings are given.
V3_PURPOSE = {
    "treatment": "TREAT",
    "referral": "TREAT",
    "follow-up": "TREAT",
    "patient-request": "PATRQT",
}


def purpose_system() -> str:
    return f"{settings.PUBLIC_BASE_URL}/fhir/CodeSystem/grant-purpose"


def _period(start: Any, end: Any) -> dict[str, str]:
    period = {"start": start.isoformat()} if start else {}
    if end:
        period["end"] = end.isoformat()
    return period


def _codes(view: GrantView) -> list[dict[str, Any]]:
    sections, kinds = section_loinc(), kind_loinc()
    codes = [(sections[s], f"section {s}") for s in view.sections if s in sections]
    codes += [(kinds[k], f"document {k}") for k in view.kinds if k in kinds]
    return [{"coding": [{"system": LOINC, "code": c}], "text": t} for c, t in codes]


def _actor(view: GrantView) -> dict[str, Any]:
    reference: dict[str, Any] = {"display": view.grantee_name or view.grantee_type}
    if view.grantee_type == "organization":
        reference["reference"] = f"Organization/{view.grantee_id}"
    if view.grantee_identifier:
        system, value = view.grantee_identifier
        reference["identifier"] = {"system": system, "value": value}
    role = "IRCP" if view.kind == "read" else "AUT"  # information recipient / author
    return {"role": {"coding": [{"system": PARTICIPATION, "code": role}]}, "reference": reference}


def _provision(view: GrantView) -> dict[str, Any]:
    action = "access" if view.kind == "read" else "collect"
    provision: dict[str, Any] = {
        "type": "permit",
        "period": _period(view.starts_at, view.expires_at),
        "actor": [_actor(view)],
        "action": [{"coding": [{"system": ACTION, "code": action}]}],
        "purpose": [
            {"system": ACT_REASON, "code": V3_PURPOSE[view.purpose]},
            {"system": purpose_system(), "code": view.purpose},
        ],
    }
    if codes := _codes(view):
        provision["code"] = codes
    if view.data_from or view.data_to:
        provision["dataPeriod"] = _period(view.data_from, view.data_to)
    if view.document_ids:
        provision["data"] = [
            {
                "meaning": "instance",
                "reference": {"identifier": {"system": DOCUMENT_SYSTEM, "value": d}},
            }
            for d in view.document_ids
        ]
    return provision


def consent_resource(view: GrantView) -> dict[str, Any]:
    patient: dict[str, Any] = {"display": "the patient"}
    if view.patient_reference:
        patient = {"reference": view.patient_reference}
    return {
        "resourceType": "Consent",
        "id": view.id,
        "status": "active" if view.status in {"active", "scheduled"} else "inactive",
        "scope": {"coding": [{"system": SCOPE, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": LOINC, "code": "59284-0"}]}],
        "patient": patient,
        "dateTime": view.created_at.isoformat(),
        "performer": [patient],
        "policyRule": {"coding": [{"system": ACT_CODE, "code": "OPTIN"}]},
        "provision": _provision(view),
    }


def consent_bundle(views: list[GrantView]) -> dict[str, Any]:
    base = f"{settings.PUBLIC_BASE_URL}/fhir/R4/Consent"
    return {
        "resourceType": "Bundle",
        "type": "collection",  # no `total`: FHIR allows it on searchsets and histories only
        "entry": [
            {"fullUrl": f"{base}/{view.id}", "resource": consent_resource(view)} for view in views
        ],
    }
