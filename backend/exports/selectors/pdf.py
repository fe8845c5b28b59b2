"""The patient printing their own summary: authorised and audited here, laid out by
exports.pdf. The content is the reading API's merged summary (records.selectors.summary),
the same one the app shows and the IPS export carries: hidden entries are left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from common.actors import Actor
from exports.pdf.document import Heading, render
from records.selectors.access import read_logged, require_self
from records.selectors.presenting import zone_of
from records.selectors.summary import present, summary_of
from records.vocabulary import label


@dataclass(frozen=True)
class PrintedSummary:
    pdf: bytes
    pages: int
    language: str

    @property
    def file_name(self) -> str:
        return f"pocketchart-summary-{self.language}.pdf"


def pdf_summary(*, actor: Actor, patient: User, language: str) -> PrintedSummary:
    require_self(actor, patient.id)
    summary = summary_of(patient_id=patient.id, language=language)
    view = present(summary, zone_name=patient.time_zone)
    zone = zone_of(patient.time_zone)
    now = timezone.localtime(timezone.now(), zone)
    heading = Heading(
        title=label("labels", "summary_title", language),
        name=patient.name,
        birth_date=patient.birth_date.isoformat() if patient.birth_date else "",
        generated=f"{now:%Y-%m-%d %H:%M} ({zone})",
    )
    pdf, pages = render(view, heading, language)
    read_logged(
        actor=actor,
        patient_id=patient.id,
        action="record.export.pdf",
        object_type="summary",
        detail={
            "language": language,
            "items": sum(len(s["items"]) for s in view["sections"]),
            "pages": pages,
        },
    )
    return PrintedSummary(pdf, pages, language)
