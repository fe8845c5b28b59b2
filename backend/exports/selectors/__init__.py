"""Reads of the exports app; each takes the actor and writes its audit event."""

from exports.selectors.jobs import export_download, export_status, exports_of
from exports.selectors.pdf import PrintedSummary, pdf_summary

__all__ = ["PrintedSummary", "export_download", "export_status", "exports_of", "pdf_summary"]
