"""FHIR exports of a patient's record: the IPS document (`ips.ips_document`) and a collection
of chosen records (`ips.records_bundle`). Builders only: callers authorise and audit."""
