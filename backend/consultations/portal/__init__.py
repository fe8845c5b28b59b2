"""The home doctor's portal at /consult/: server-rendered pages, no scripts, no accounts."""
