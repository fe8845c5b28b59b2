"""Reads of the records app.

Hospital systems read their own submissions (`submission_for_client`). The patient reads
their own record through `timeline`, `record_detail` and `merged_summary`: each takes the
actor, answers the same 404 for missing and not-yours, and writes its audit event. Reads by
anyone else are consent's (consent.policy), never these.
"""

from records.selectors.record import record_detail
from records.selectors.submissions import submission_for_client
from records.selectors.summary import merged_summary, summary_of
from records.selectors.timeline import timeline

__all__ = ["merged_summary", "record_detail", "submission_for_client", "summary_of", "timeline"]
