"""Canonical code system URIs and the aliases senders use for them.

Codes are compared only after their system is normalised: the same LOINC code arrives as
``http://loinc.org``, ``https://loinc.org`` or the HL7 OID ``urn:oid:2.16.840.1.113883.6.1``.
Every URI lives here so there is one place to correct when a publisher changes one.
"""

from __future__ import annotations

from functools import lru_cache

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
CVX = "http://hl7.org/fhir/sid/cvx"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
# HL7 IPS code system for "no information" / "none known" entries (IPS IG, CC0).
IPS_ABSENT_UNKNOWN = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips"

# KR Core (HL7 Korea) code system URLs, as published in the KR Core IG CodeSystem resources
# (build.fhir.org/ig/hl7korea/krocre: CodeSystem-kostat-kcd-8, -kpis-kdcode,
# -hira-edi-medication). KR Core defines no KCD-9 code system yet, so none is invented here:
# a KCD-9 coding keeps whatever system its sender wrote and is shown untranslated.
KCD8 = "http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8"
KD = "http://www.hl7korea.or.kr/CodeSystem/kpis-kdcode"
HIRA_EDI_MEDICATION = "http://www.hl7korea.or.kr/CodeSystem/hira-edi-medication"

# Aliases are matched case-insensitively without a trailing slash. OIDs are the HL7 OID
# registry entries for each system; the KD draft URL is listed as a non-preferred URI in the
# KR Core NamingSystem ns-kpis-kdcode.
_ALIASES: dict[str, str] = {
    "https://snomed.info/sct": SNOMED,
    "urn:oid:2.16.840.1.113883.6.96": SNOMED,
    "https://loinc.org": LOINC,
    "urn:oid:2.16.840.1.113883.6.1": LOINC,
    "urn:oid:2.16.840.1.113883.6.88": RXNORM,
    "https://www.whocc.no/atc": ATC,
    "http://www.whocc.no/atc_ddd_index": ATC,
    "urn:oid:2.16.840.1.113883.6.73": ATC,
    "urn:oid:2.16.840.1.113883.12.292": CVX,
    "urn:oid:2.16.840.1.113883.6.3": ICD10,
    "urn:oid:2.16.840.1.113883.6.90": ICD10CM,
    "https://biz.kpis.or.kr/codesystem/kdcode": KD,
}
_CANONICAL = (
    SNOMED,
    LOINC,
    RXNORM,
    ATC,
    CVX,
    ICD10,
    ICD10CM,
    IPS_ABSENT_UNKNOWN,
    KCD8,
    KD,
    HIRA_EDI_MEDICATION,
)
_BY_KEY = {uri.lower(): uri for uri in _CANONICAL} | _ALIASES

# Some senders put a SNOMED CT edition URI (…/sct/<module>/version/<date>) in `system`
# instead of `version`; the concept id is still a SNOMED CT id.
_SNOMED_EDITION_PREFIXES = ("http://snomed.info/sct/", "https://snomed.info/sct/")


@lru_cache(maxsize=1024)
def normalise_system(system: str) -> str:
    """The canonical URI for a known system; anything else comes back stripped, unchanged."""
    key = system.strip().rstrip("/").lower()
    if key in _BY_KEY:
        return _BY_KEY[key]
    if key.startswith(_SNOMED_EDITION_PREFIXES):
        return SNOMED
    return system.strip()
