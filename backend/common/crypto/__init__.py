"""Envelope encryption and blind indexes (see envelope.py and blind.py)."""
