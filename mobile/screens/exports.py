"""Exports (Me → Exports): the whole record as a file (IPS for another system, PDF for a
doctor, the full archive for yourself), with progress and where it was saved."""

from __future__ import annotations

from mobile.screens.base import AppScreen, load_kv

load_kv(__file__)


class ExportsScreen(AppScreen):
    pass
