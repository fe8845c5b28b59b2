"""Reads of the consent app. Each takes the actor; health data is served only through
consent.policy (hospital reads here; the patient's own reads in records)."""

from consent.selectors.access_log import LogFilter, LogPage, access_log
from consent.selectors.grants import GrantView, grant_of, grants_of
from consent.selectors.hospital import ReadPage, hospital_read, patient_of_handle

__all__ = [
    "GrantView",
    "LogFilter",
    "LogPage",
    "ReadPage",
    "access_log",
    "grant_of",
    "grants_of",
    "hospital_read",
    "patient_of_handle",
]
