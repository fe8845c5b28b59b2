"""Laying out the printable summary with reportlab's platypus.

Input is the merged summary as the reading API presents it (records.selectors.summary.
present): each item's display line as the hospital wrote it, its coded text in the reader's
language, its status, date and sources. The original is printed beside every translation.
Page numbers ("Page 2 of 5") need the page count, so the canvas keeps each page's state and
draws the footers when the document is saved.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from exports.pdf.fonts import base_font, markup, needs_shaping, register
from exports.pdf.labels import pdf_label
from records.vocabulary import label

MARGIN = 18 * mm
FOOTER_Y = 10 * mm


@dataclass(frozen=True)
class Heading:
    title: str
    name: str
    birth_date: str
    generated: str  # already in the patient's zone, with the zone's name


class Styles:
    """Paragraph styles of one language; a Thai text gets a shaping copy of its style."""

    def __init__(self, language: str) -> None:
        register()
        font = self.font = base_font(language)
        self.language = language
        self.title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24)
        self.meta = ParagraphStyle("meta", fontName=font, fontSize=9, leading=13)
        self.section = ParagraphStyle(
            "section", fontName=font, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4
        )
        self.item = ParagraphStyle("item", fontName=font, fontSize=10.5, leading=15, spaceBefore=4)
        self.detail = ParagraphStyle(
            "detail", fontName=font, fontSize=8.5, leading=12, leftIndent=12
        )
        self.footer = ParagraphStyle("footer", fontName=font, fontSize=8, leading=10)

    def paragraph(self, text: str, style: ParagraphStyle) -> Paragraph:
        if needs_shaping(text):
            style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
        return Paragraph(markup(text, self.language), style)


def _when(value: str) -> str:
    """An instant as "YYYY-MM-DD HH:MM" (already in the patient's zone); dates as written."""
    return value[:16].replace("T", " ") if "T" in value else value


def _item_lines(item: dict[str, Any], language: str) -> tuple[str, list[str]]:
    text = (item.get("coded") or {}).get("text") or {}
    translation = text.get("translation")
    main = translation or item["display"]
    details = []
    note = f" ({text['label']})" if text.get("label") else ""
    if translation:
        details.append(f"{pdf_label('original', language)}: {item['display']}{note}")
    elif note:
        details.append(note.strip(" ()"))  # e.g. "not translated": the original stands alone
    state = [s for s in (item.get("status_label"), _when(item["as_of"]["value"])) if s]
    details.append(" · ".join(state))
    sources = ", ".join(f"{s['name']} ({_when(s['as_of']['value'])})" for s in item["sources"])
    details.append(f"{label('labels', 'sources', language)}: {sources}")
    return main, details


def story(summary: dict[str, Any], heading: Heading, styles: Styles) -> list[Flowable]:
    language = styles.language
    flow: list[Flowable] = [
        styles.paragraph(f"{heading.title} — {heading.name}", styles.title),
        styles.paragraph(
            f"{pdf_label('birth_date', language)}: {heading.birth_date}    "
            f"{pdf_label('generated', language)}: {heading.generated}",
            styles.meta,
        ),
        styles.paragraph(pdf_label("notice", language), styles.meta),
        Spacer(1, 4 * mm),
    ]
    for section in summary["sections"]:
        if not section["items"] and not section["empty"]:
            continue
        flow.append(styles.paragraph(section["title"], styles.section))
        if section["empty"]:
            flow.append(styles.paragraph(section["empty"], styles.item))
        for item in section["items"]:
            main, details = _item_lines(item, language)
            flow.append(styles.paragraph(main, styles.item))
            flow.extend(styles.paragraph(line, styles.detail) for line in details)
    return flow


class _NumberedCanvas(Canvas):
    """Defers each page until save(), when the page count is known, then adds its footer."""

    styles: Styles
    footer_left: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        width = A4[0] - 2 * MARGIN
        page = pdf_label("page", self.styles.language, page=number, pages=total)
        text = self.styles.paragraph(f"{self.footer_left}    {page}", self.styles.footer)
        text.wrapOn(self, width, 20 * mm)
        text.drawOn(self, MARGIN, FOOTER_Y)


def render(summary: dict[str, Any], heading: Heading, language: str) -> tuple[bytes, int]:
    """The PDF's bytes and its page count."""
    styles = Styles(language)
    canvas_class = type(
        "SummaryCanvas",
        (_NumberedCanvas,),
        {"styles": styles, "footer_left": f"PocketChart · {heading.generated}"},
    )
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=heading.title,
        author="PocketChart",
        lang=language,
        initialFontName=styles.font,  # reportlab's default, Helvetica, is never embedded
    )
    document.build(story(summary, heading, styles), canvasmaker=canvas_class)
    return out.getvalue(), document.page
