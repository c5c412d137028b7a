"""The case's chronology as CSV, DOCX or PDF: date, event, status, people, sources.

Today it reads ``court_events`` (the merged events of the chronology work will replace them). Once a
binder of the case exists, each source is cited by exhibit and binder page ("Ex. 3 at 12"); before that,
by file name and page. Every cell passes through the privacy guard, and the file is verified after.
"""

from __future__ import annotations

import asyncio
import csv
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.exports import repository, service
from aseagi.exports.privacy import WIC_827_NOTICE, Redactor
from aseagi.exports.render import BODY, HEADING, LABEL, SMALL, para
from aseagi.exports.verify import require_clean
from aseagi.models import Case

FORMATS = ("csv", "docx", "pdf")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
MAX_EVENTS = 20_000
COLUMNS = ("Date", "Event", "Status", "People", "Sources")


@dataclass(frozen=True)
class ChronologyRow:
    """One event as exported (redacted)."""

    date: str
    event: str
    status: str
    people: str
    sources: str


def cite(
    document_id: Any, file_name: str | None, page: int | None, exhibits: dict[str, dict[str, Any]]
) -> str:
    """``Ex. 3 at 12`` (binder page) when a binder holds the document, else ``file name p. 2``."""
    exhibit = exhibits.get(str(document_id)) if document_id else None
    if exhibit:
        at = int(exhibit["first_page"]) + max((page or 1) - 1, 0)
        return f"Ex. {exhibit['exhibit']} at {at}"
    if file_name:
        return f"{file_name} p. {page}" if page else file_name
    return ""


def _people(event: Any) -> str:
    """The event's people (the merged events keep them), its evidence's, and the department."""
    names = [_name(p) for p in event.people or []]
    for item in event.evidence or []:
        if isinstance(item, dict):
            names += [_name(n) for n in item.get("people", []) or []]
    if event.department:
        names.append(f"Dept. {event.department}")
    return "; ".join(dict.fromkeys(n for n in names if n))


def _name(person: Any) -> str:
    if isinstance(person, dict):
        return str(person.get("name") or person.get("full_name") or "")
    return str(person or "")


def _status(event: Any) -> str:
    notes = [event.status or ""]
    if event.date_certainty and event.date_certainty not in ("exact", "certain"):
        notes.append(f"date {event.date_certainty}")
    if event.disputed:
        notes.append("disputed")
    return ", ".join(n for n in notes if n)


def chronology_rows(
    events: Sequence[Any], exhibits: dict[str, dict[str, Any]], redactor: Redactor
) -> list[ChronologyRow]:
    rows = []
    for event, file_name in events:
        sources = []
        for item in event.evidence or []:
            if isinstance(item, dict):
                sources.append(
                    cite(
                        item.get("document_id"),
                        item.get("file_name") or file_name,
                        item.get("page"),
                        exhibits,
                    )
                )
        if not sources and (event.document_id or file_name):
            sources.append(cite(event.document_id, file_name, None, exhibits))
        title = event.title + (f" ({event.event_type})" if event.event_type else "")
        when = event.event_date.isoformat() + (f" {event.event_time}" if event.event_time else "")
        rows.append(
            ChronologyRow(
                date=when,
                event=redactor.clean(title),
                status=_status(event),
                people=redactor.clean(_people(event)),
                sources=redactor.clean("; ".join(dict.fromkeys(s for s in sources if s))),
            )
        )
    return rows


def write_csv(path: Path, rows: Sequence[ChronologyRow]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        handle.write(f"# {WIC_827_NOTICE}\n")
        writer = csv.writer(handle)
        writer.writerow([c.lower() for c in COLUMNS])
        for row in rows:
            writer.writerow([row.date, row.event, row.status, row.people, row.sources])


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (Word's files are XML): a title typed with a control character made
the export fail. Each becomes a space."""


def write_docx(path: Path, title: str, rows: Sequence[ChronologyRow]) -> None:
    document = Document()
    document.core_properties.author = "ASEAGI"
    document.core_properties.title = "Chronology"
    document.add_heading(NOT_XML.sub(" ", title), level=1)
    document.add_paragraph(WIC_827_NOTICE)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = heading
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(
            cells, (row.date, row.event, row.status, row.people, row.sources), strict=True
        ):
            cell.text = NOT_XML.sub(" ", value)
    document.save(str(path))


def write_pdf(path: Path, title: str, rows: Sequence[ChronologyRow]) -> None:
    pdf = SimpleDocTemplate(
        str(path),
        pagesize=landscape(letter),
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.6 * inch,
        title="Chronology",
        author="ASEAGI",
        creator="ASEAGI",
        producer="ASEAGI",
        subject="",
    )
    data: list[list[Any]] = [[para(c, LABEL) for c in COLUMNS]]
    data += [[para(v, SMALL) for v in (r.date, r.event, r.status, r.people, r.sources)] for r in rows]
    widths = [1.2 * inch, 3.6 * inch, 0.9 * inch, 1.7 * inch, 2.4 * inch]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )

    def footer(canvas: Any, _: Any) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(0.6 * inch, 0.35 * inch, f"CONFIDENTIAL - WIC 827    Page {canvas.getPageNumber()}")

    story = [para(title, HEADING), para(WIC_827_NOTICE, BODY), Spacer(1, 8), table]
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)


async def export_chronology(
    session: AsyncSession, case: Case, format: str, out_dir: Path, *, redaction: bool = True
) -> Path:
    """Write ``chronology.<format>`` into ``out_dir``, verified free of protected details."""
    redactor = await service.redactor_for(session, case, redaction=redaction)
    events = await repository.court_events(session, case.id, limit=MAX_EVENTS)
    binder = await repository.latest_done_binder(session, case.id)
    exhibits = {e["document_id"]: e for e in (binder.result.get("exhibits", []) if binder else [])}
    rows = chronology_rows(events, exhibits, redactor)
    title = redactor.clean(f"Chronology - {service.caption(case)} ({case.docket_number})")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{service.default_prefix(case)}_chronology.{format}"
    if format == "csv":
        write_csv(path, rows)
    elif format == "docx":
        write_docx(path, title, rows)
    else:
        write_pdf(path, title, rows)
    require_clean([path], redactor.forbidden_terms())
    return path


async def chronology_file(
    session: AsyncSession, case: Case, format: str, *, redaction: bool = True
) -> tuple[bytes, str]:
    """(the file's bytes, its name): written to a temporary folder that is gone when this returns."""
    with tempfile.TemporaryDirectory(prefix="aseagi-chronology-") as folder:
        path = await export_chronology(session, case, format, Path(folder), redaction=redaction)
        return await asyncio.to_thread(path.read_bytes), path.name
