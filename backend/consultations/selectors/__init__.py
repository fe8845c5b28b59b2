"""Reads of consultations. Each takes the reader; refusals are 404 and audited."""
