"""Every IPS example in the fixtures is accepted, or refused for a reason POLICY.md gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shared.fhir.jsonsafe import load_json
from shared.fhir.validate import validate_bundle

from .cases import BODY_LIMIT, LIVE, LOCAL, live_dir

ACCEPT = "accept"
RELATIVE_FULL_URL = "fullUrl must be an absolute URL"
OTHER_PATIENT = "names a Patient that is not the Bundle's Patient"
LONG_ID = "An id is longer than 64 characters."
SEARCHSET = "Bundle.type must be document, collection or transaction"
UNKNOWN_ELEMENT = "Extra inputs are not permitted"

EXPECTED = {
    "hl7-fhir-ips/Bundle-IPS-examples-Bundle-minimal.json": ACCEPT,
    "hl7-fhir-ips/IPS-bundle-01.json": ACCEPT,
    "hl7-fhir-ips/IPS_IG_bundle-no-known-required-sections.json": ACCEPT,
    "hl7-fhir-ips/bundle-minimal.json": ACCEPT,
    "hl7-fhir-ips/bundle-no-info-required-sections.json": ACCEPT,
    "hl7-fhir-ips/composition-minimal.json": "The resource must be a Bundle.",
    "ipsviewer/connectathon_Jan2025/US_Epic_Jan_emptyReason.json": ACCEPT,
    "ipsviewer/connectathon_Jan2025/US_Epic_Jan_idrefs.json": LONG_ID,
    "ipsviewer/connectathon_Jan2025/new_incomplete_IPS_Example.json": ACCEPT,
    "ipsviewer/connectathon_Sept2024/CA_DAVE_DEBRONKART_VERTO.json": OTHER_PATIENT,
    "ipsviewer/connectathon_Sept2024/EU_IPS_wylem_bars.json": ACCEPT,
    "ipsviewer/connectathon_Sept2024/NZ_Peter_Jordan_NNJ9186.json": ACCEPT,
    "ipsviewer/connectathon_Sept2024/US_Epic_Connectathon_Sept.json": LONG_ID,
    "ipsviewer/connectathon_Sept2024/US_MEDITECH_ips_3.json": SEARCHSET,
    "ipsviewer/connectathon_Sept2024/US_MEDITECH_ips_4.json": SEARCHSET,
    "ipsviewer/connectathon_archive/AT-elga2.json": ACCEPT,
    "ipsviewer/connectathon_archive/BR_may2024_connectathon.json": RELATIVE_FULL_URL,
    "ipsviewer/connectathon_archive/CA_verosource_ips_uwashington_patient_14599.json": ACCEPT,
    "ipsviewer/connectathon_archive/CY_Andreas_Ioannou_02.json": ACCEPT,
    "ipsviewer/connectathon_archive/CY_Peroni.json": ACCEPT,
    "ipsviewer/connectathon_archive/US_Epic_connectathon_May2024.json": ACCEPT,
    "ipsviewer/connectathon_archive/US_Washington_May_2024.json": ACCEPT,
    "ipsviewer/connectathon_samples/AR_Repository_Example_01.json": "needs Bundle.timestamp",
    "ipsviewer/connectathon_samples/CA-IPS-Bundle1Example.json": ACCEPT,
    "ipsviewer/connectathon_samples/CA_Bundle_FullsomeScenario1.json": ACCEPT,
    "ipsviewer/connectathon_samples/CA_PuraJuniper_01.json": ACCEPT,
    "ipsviewer/connectathon_samples/CY_249867.json": RELATIVE_FULL_URL,
    "ipsviewer/connectathon_samples/DK_Jens_Villadsen_02.json": "needs Bundle.identifier",
    "ipsviewer/connectathon_samples/EU_Giorgio_Cangioli_02.json": ACCEPT,
    "ipsviewer/connectathon_samples/HK_IPS_Sample3.json": ACCEPT,
    "ipsviewer/connectathon_samples/HK_IPS_Sample_with_medication.json": UNKNOWN_ELEMENT,
    "ipsviewer/connectathon_samples/NL_Drimpy_01.json": "Input should be a valid list",
    "ipsviewer/connectathon_samples/NL_core_patient_01.json": "modifierExtension",
    "ipsviewer/connectathon_samples/TW_Li-Hui_Lee_01-modified.json": ACCEPT,
    "ipsviewer/connectathon_samples/UK_NHSx_IPS_Example_02-modified.json": RELATIVE_FULL_URL,
    "ipsviewer/connectathon_samples/US_Dynamic_Health_IT_Happy_Kid_FHIR_Bundle-IPS.json": (
        RELATIVE_FULL_URL
    ),
    "ipsviewer/connectathon_samples/US_Interoperability_Institute_Jared_Bruce_Adams-IPS.json": (
        RELATIVE_FULL_URL
    ),
    "ipsviewer/connectathon_samples/US_Interoperability_Institute_Louis_Daniel_Saunders-IPS.json": (
        RELATIVE_FULL_URL
    ),
    "ipsviewer/connectathon_samples/US_Interoperability_Institute_Troy_Dudley_Gross-IPS.json": (
        RELATIVE_FULL_URL
    ),
    "ipsviewer/connectathon_samples/US_Washington_GDHP_original.json": OTHER_PATIENT,
    "ipsviewer/connectathon_samples/US_ePatientDave_medRequests_original_noNarrative.json": ACCEPT,
    "ipsviewer/connectathon_samples/US_ePatientDave_medStatements_original_noNarrative.json": (
        ACCEPT
    ),
    "ipsviewer/validated_samples/AT_ELGA_GmbH_01.json": ACCEPT,
    "ipsviewer/validated_samples/DE_no_info_with_Advance_Directive.json": OTHER_PATIENT,
    "ipsviewer/validated_samples/IPS_IG-bundle-01.json": ACCEPT,
    "ipsviewer/validated_samples/IPS_IG_bundle-no-info-required-sections.json": ACCEPT,
}
# Issue codes POLICY.md documents: a file we have not seen must be refused with one of them.
POLICY_CODES = {
    "invalid",
    "structure",
    "required",
    "value",
    "invariant",
    "security",
    "not-supported",
    "duplicate",
    "multiple-matches",
    "not-found",
    "too-long",
    "business-rule",
    "too-costly",
}


def classify(path: Path, name: str) -> None:
    result = validate_bundle(load_json(path.read_bytes(), max_bytes=BODY_LIMIT))
    expected = EXPECTED.get(name)
    if expected == ACCEPT:
        assert result.ok, [i.diagnostics for i in result.errors][:5]
    elif expected is not None:
        assert not result.ok
        assert any(expected in issue.diagnostics for issue in result.errors), expected
    else:
        assert all(issue.code in POLICY_CODES for issue in result.errors)
        assert all(issue.diagnostics and issue.expression for issue in result.errors[:-1])


def files(root: Path) -> list[Any]:
    return [
        pytest.param(path, path.relative_to(root).as_posix(), id=path.name)
        for path in sorted(root.rglob("*.json"))
    ]


@pytest.mark.parametrize(("path", "name"), files(LOCAL / "ips"))
def test_copied_ips_examples_are_accepted_or_refused_as_policy_says(path, name):
    classify(path, name)


@pytest.mark.parametrize(
    ("path", "name"), files(LIVE / "ips") or [pytest.param(None, None, id="absent")]
)
def test_every_shared_ips_example_is_accepted_or_refused_as_policy_says(path, name):
    live_dir("ips")
    classify(path, name)
