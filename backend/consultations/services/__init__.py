"""Writes of consultations: each `<entity>_<verb>(*, ...)` in audit.atomic, audited, with
notices delivered after commit."""
