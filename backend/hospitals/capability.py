"""The CapabilityStatement: what we accept, and where we depart from plain FHIR REST."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from hospitals.assertions import token_url

OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"


def _read_resources() -> list[dict[str, Any]]:
    """Types a hospital may search under a read grant (the consent app), when installed."""
    from django.apps import apps

    if not apps.is_installed("consent"):
        return []
    from consent.apis.fhir import SEARCHABLE_TYPES

    return [
        {
            "type": resource_type,
            "interaction": [{"code": "search-type"}],
            "searchParam": [
                {"name": "patient", "type": "reference"},
                {"name": "_count", "type": "number"},
            ],
            "documentation": "Only what the patient's grant covers; total counts only that.",
        }
        for resource_type in sorted(SEARCHABLE_TYPES)
        if resource_type != "Patient"
    ]


def capability_statement() -> dict[str, Any]:
    base = settings.PUBLIC_BASE_URL
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-30",
        "publisher": "PocketChart",
        "kind": "instance",
        "implementation": {
            "description": "PocketChart patient-held record",
            "url": f"{base}/fhir/R4",
        },
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "application/json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "A record store for patient-held records, not a general FHIR server. "
                    "Departures from plain FHIR REST: POST Bundle answers 202 Accepted with "
                    "Content-Location of a submission (GET /fhir/R4/_submission/{id}) because "
                    "indexing is asynchronous; a resent identical Bundle answers 200 pointing to "
                    "the first submission; Patient ids are link ids issued by Patient/$link."
                ),
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "SMART-on-FHIR",
                                }
                            ]
                        }
                    ],
                    "extension": [
                        {
                            "url": OAUTH_URIS,
                            "extension": [{"url": "token", "valueUri": token_url()}],
                        }
                    ],
                    "description": "SMART Backend Services (client_credentials, private_key_jwt "
                    "with RS384 or ES384).",
                },
                "resource": [
                    {
                        "type": "Bundle",
                        "interaction": [{"code": "create"}],
                        "documentation": "document, collection and transaction Bundles "
                        "for a linked patient; scope system/Bundle.c",
                    },
                    *_read_resources(),
                    {
                        "type": "Patient",
                        "operation": [
                            {
                                "name": "link",
                                "definition": f"{base}/fhir/R4/OperationDefinition/link",
                                "documentation": "Redeem a patient's link code: Parameters code, "
                                "identifier (1..*), birthDate; scope system/Patient.c",
                            },
                            {
                                "name": "everything",
                                "definition": "http://hl7.org/fhir/OperationDefinition/"
                                "Patient-everything",
                                "documentation": "What the patient's read grant covers, as a "
                                "searchset; scope system/Patient.r",
                            },
                        ],
                    },
                ],
            }
        ],
    }
