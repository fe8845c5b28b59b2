from shared.fhir.display import codings, display_line, is_rrn, patient_identifiers, strip_rrn

LOINC = "http://loinc.org"


def test_display_line_prefers_the_senders_text_and_adds_the_value():
    observation = {
        "resourceType": "Observation",
        "code": {
            "text": "Glucose",
            "coding": [{"system": LOINC, "code": "2345-7", "display": "G"}],
        },
        "valueQuantity": {"value": 5.4, "unit": "mmol/L"},
    }
    assert display_line(observation) == "Glucose: 5.4 mmol/L"


def test_display_line_falls_back_to_the_first_coding_display_and_shows_the_dose():
    statement = {
        "resourceType": "MedicationStatement",
        "medicationCodeableConcept": {
            "coding": [{"system": "s", "code": "1", "display": "Metformin"}]
        },
        "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 500.0, "unit": "mg"}}]}],
    }
    assert display_line(statement) == "Metformin: 500 mg"


def test_display_line_of_a_blood_pressure_joins_its_components():
    bp = {
        "resourceType": "Observation",
        "code": {"text": "Blood pressure"},
        "component": [
            {"code": {"text": "sys"}, "valueQuantity": {"value": 120, "unit": "mmHg"}},
            {"code": {"text": "dia"}, "valueQuantity": {"value": 80, "unit": "mmHg"}},
        ],
    }
    assert display_line(bp) == "Blood pressure: 120 mmHg / 80 mmHg"


def test_a_resource_without_codes_is_named_by_its_type():
    assert display_line({"resourceType": "Encounter"}) == "Encounter"


def test_codings_collects_the_main_code_of_each_type():
    vaccine = {
        "resourceType": "Immunization",
        "vaccineCode": {
            "coding": [
                {"system": "http://hl7.org/fhir/sid/cvx", "code": "208", "display": "COVID-19"}
            ]
        },
    }
    assert codings(vaccine) == [("http://hl7.org/fhir/sid/cvx", "208", "COVID-19")]
    assert codings({"resourceType": "Condition", "code": {"text": "no coding"}}) == []


PATIENT = {
    "resourceType": "Patient",
    "identifier": [
        {"system": "http://www.hl7korea.or.kr/Identifier/rrn", "value": "9001011234567"},
        {"system": "urn:oid:1.2.410.100110", "value": "900101-1234567"},
        {"system": "https://hospital.example.kr/mrn", "value": "MRN-0042"},
    ],
}


def test_rrns_are_recognised_by_system_or_by_shape():
    assert is_rrn("http://www.hl7korea.or.kr/Identifier/rrn", "anything")
    assert is_rrn("urn:other", "900101-1234567")
    assert is_rrn("urn:other", "9001011234567")
    assert not is_rrn("urn:other", "MRN-0042")
    assert not is_rrn("urn:other", "12345")


def test_strip_rrn_removes_every_rrn_and_keeps_other_identifiers_without_touching_the_input():
    stripped = strip_rrn(PATIENT)
    assert patient_identifiers(stripped) == [("https://hospital.example.kr/mrn", "MRN-0042")]
    assert len(PATIENT["identifier"]) == 3


def test_strip_rrn_leaves_no_empty_identifier_array():
    only_rrn = {"resourceType": "Patient", "identifier": PATIENT["identifier"][:1]}
    assert "identifier" not in strip_rrn(only_rrn)
