"""Grants of access to a patient's data, the one policy that decides every read by anyone
other than the patient, transfer-abroad consents, and the patient's access log."""
