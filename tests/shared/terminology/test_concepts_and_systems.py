import pytest

from shared.terminology import normalise_system, same_concept
from shared.terminology.crosswalk import crosswalk_paths, crosswalk_problems
from shared.terminology.tables import read_json

SNOMED = "http://snomed.info/sct"
KD = "http://www.hl7korea.or.kr/CodeSystem/kpis-kdcode"
ATC = "http://www.whocc.no/atc"


@pytest.mark.parametrize(
    ("sent", "canonical"),
    [
        ("http://snomed.info/sct", SNOMED),
        ("https://snomed.info/sct/", SNOMED),
        ("urn:oid:2.16.840.1.113883.6.96", SNOMED),
        ("http://snomed.info/sct/900000000000207008/version/20240101", SNOMED),
        ("HTTP://LOINC.ORG", "http://loinc.org"),
        ("urn:oid:2.16.840.1.113883.6.1", "http://loinc.org"),
        ("urn:oid:2.16.840.1.113883.6.73", ATC),
        ("urn:oid:2.16.840.1.113883.12.292", "http://hl7.org/fhir/sid/cvx"),
        ("urn:oid:2.16.840.1.113883.6.3", "http://hl7.org/fhir/sid/icd-10"),
        ("https://biz.kpis.or.kr/CodeSystem/kdcode", KD),
        (
            " http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8 ",
            "http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8",
        ),
        ("http://example.org/Local", "http://example.org/Local"),
    ],
)
def test_system_uris_are_normalised(sent, canonical):
    assert normalise_system(sent) == canonical


def test_the_same_code_under_an_alias_is_the_same_concept():
    a = {"system": SNOMED, "code": "38341003"}
    b = {"system": "urn:oid:2.16.840.1.113883.6.96", "code": " 38341003"}
    assert same_concept(a, b)


def test_different_codes_are_different_concepts():
    assert not same_concept({"system": SNOMED, "code": "1"}, {"system": SNOMED, "code": "2"})


def test_a_coding_without_a_code_is_never_the_same_concept():
    assert not same_concept({"system": SNOMED}, {"system": SNOMED})


def test_kcd_and_icd10_are_not_merged_without_a_crosswalk():
    kcd = {"system": "http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8", "code": "C73"}
    icd = {"system": "http://hl7.org/fhir/sid/icd-10", "code": "C73"}
    assert not same_concept(kcd, icd)


def test_a_kd_code_and_its_atc_code_merge_through_the_crosswalk(small_tables):
    kd = {"system": KD, "code": "111"}
    atc = {"system": "urn:oid:2.16.840.1.113883.6.73", "code": "a10ba02"}
    assert same_concept(kd, atc)
    assert same_concept(atc, kd)


def test_crosswalk_links_are_not_chained(small_tables):
    # Two products of the same substance are still two products.
    assert not same_concept({"system": KD, "code": "111"}, {"system": KD, "code": "222"})


def test_the_shipped_kd_atc_crosswalk_is_well_formed_and_invents_nothing():
    (path,) = [p for p in crosswalk_paths() if p.name == "crosswalk_kd_atc.json"]
    document = read_json(path)
    assert crosswalk_problems(document) == []
    assert (document["source_system"], document["target_system"]) == (KD, ATC)
    assert document["mappings"] == []  # see SOURCES.md: no citable list imported yet


def test_a_crosswalk_mapping_without_a_source_is_rejected():
    document = {
        "source_system": KD,
        "target_system": ATC,
        "mappings": [{"source_code": "1", "target_code": "A", "reviewed": False}],
    }
    assert crosswalk_problems(document) == ["mapping 0: source must be a non-empty string"]
