"""FHIR shapes of the consent app: grants as R4 Consent, reads as searchset Bundles."""
