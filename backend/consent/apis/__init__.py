"""HTTP endpoints of the consent app: the patient's grants, transfer consents and access log
(JSON under /api/v1/), and hospital reads under a grant (FHIR under /fhir/R4/)."""
