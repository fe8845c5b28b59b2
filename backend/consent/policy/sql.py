"""A Decision as SQL: the filter every selector applies to IndexEntry's clear columns."""

from __future__ import annotations

from django.db.models import Q

from consent.policy.decision import DataScope, Decision, Reason


def _scope_q(scope: DataScope) -> Q:
    q = Q()
    if scope.sections:
        q &= Q(section__in=sorted(scope.sections))
    if scope.kinds:
        q &= Q(kind__in=sorted(scope.kinds))
    if scope.document_ids:
        q &= Q(document_id__in=sorted(scope.document_ids))
    if scope.source_organization_ids:
        q &= Q(organization_id__in=sorted(scope.source_organization_ids))
    if scope.data_from is not None:
        q &= Q(sort_date__gte=scope.data_from)
    if scope.data_to is not None:
        q &= Q(sort_date__lte=scope.data_to)
    return q


def entries_filter(decision: Decision) -> Q:
    """Rows of records.IndexEntry the decision allows; a refusal allows no row at all.

    Others never see entries the sender retracted (entered-in-error): only the patient
    keeps those, as the history of their own record. Nor entries the patient hid from their
    own views and exports: what they would not show themselves is not shown for them.
    """
    if not decision.allowed or not decision.scopes:
        return Q(pk__in=[])
    parts = [_scope_q(scope) for scope in decision.scopes]
    if any(not part for part in parts):
        # A scope with no limits covers the whole record. Django drops an empty Q from an
        # OR, so "nothing | everything" would wrongly stay "nothing": handle it first.
        allowed = Q()
    else:
        allowed = Q(pk__in=[])
        for part in parts:
            allowed |= part
    if decision.reason is not Reason.OWNER:
        allowed &= Q(retracted=False, hidden=False)
    return allowed
