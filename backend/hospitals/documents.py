"""How many documents each linked hospital sent: counted from the records app when present.

Kept behind one function so hospitals does not depend on records' models at import time
(records depends on hospitals for patient matching).
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.db.models import Count


def documents_per_link(*, patient_id: uuid.UUID) -> dict[uuid.UUID, int]:
    if not apps.is_installed("records"):
        return {}
    document = apps.get_model("records", "Document")
    rows = (
        document.objects.filter(patient_id=patient_id)
        .values("organization_id")
        .annotate(n=Count("id"))
    )
    return {row["organization_id"]: row["n"] for row in rows}
