"""PocketChart's pure-Python FHIR core, shared by the server and the app.

Never imports Django or Kivy. Typical ingestion: ``load_json`` the body, ``validate_bundle``
the result, answer ``result.outcome()`` on errors, and key idempotency on
``bundle_content_hash``.
"""

from .canonical import bundle_content_hash, canonical_json
from .dates import FhirDate, clinical_date, parse_fhir_date
from .display import codings, display_line, is_rrn, patient_identifiers, strip_rrn
from .jsonsafe import JsonInputError, load_json
from .kinds import DocumentKind, composition_kind, document_kind, section_for_resource, section_key
from .outcome import Issue, operation_outcome
from .validate import ValidationResult, validate_bundle

__all__ = [
    "DocumentKind",
    "FhirDate",
    "Issue",
    "JsonInputError",
    "ValidationResult",
    "bundle_content_hash",
    "canonical_json",
    "clinical_date",
    "codings",
    "composition_kind",
    "display_line",
    "document_kind",
    "is_rrn",
    "load_json",
    "operation_outcome",
    "parse_fhir_date",
    "patient_identifiers",
    "section_for_resource",
    "section_key",
    "strip_rrn",
    "validate_bundle",
]
