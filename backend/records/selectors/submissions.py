"""Reads for hospital systems: their own submissions, never a patient's records."""

from __future__ import annotations

from uuid import UUID

from common.exceptions import NotFound
from hospitals.principal import SystemPrincipal
from records.models import Submission


def submission_for_client(*, principal: SystemPrincipal, submission_id: UUID) -> Submission:
    """The caller's own submission; missing and someone else's are the same 404."""
    try:
        return Submission.objects.select_related("document", "version").get(
            id=submission_id, client_id=UUID(principal.client_pk)
        )
    except Submission.DoesNotExist:
        raise NotFound() from None
