"""The choices a new request starts from: linked hospitals (with their mode explained in
the patient's language) and the consultation languages."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from consultations.texts import CONSULTATION_LANGUAGES, mode_text
from hospitals.models import LinkStatus, PatientLink


def consultation_options(*, patient: User) -> dict[str, Any]:
    language = patient.preferred_language
    links = (
        PatientLink.objects.filter(
            patient=patient, status=LinkStatus.ACTIVE, organization__active=True
        )
        .select_related("organization")
        .order_by("created_at")
    )
    hospitals = {
        link.organization_id: {
            "id": str(link.organization_id),
            "name": link.organization.name_in(language),
            "country": link.organization.country,
            "time_zone": link.organization.time_zone,
            "mode": mode_text(link.organization.consultation_mode, language),
        }
        for link in links
    }
    return {
        "hospitals": list(hospitals.values()),
        "languages": [{"code": c, "name": n} for c, n in CONSULTATION_LANGUAGES.items()],
        "time_zone": patient.time_zone,
    }
