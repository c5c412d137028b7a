"""DEMO documents (and the planted child) as rows of a migrated database, originals in the blob store."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.ingestion.parsers import ParseContext, parse_file
from aseagi.ingestion.storage import BlobStore
from aseagi.models import Case, CourtEvent, LegalDocument

CASE_FILES = (
    "2024-11-20_petition_wic300.pdf",
    "2024-11-18_police_report.pdf",
    "2025-03-01_supplemental_report.pdf",
    "2025-03-04_visit_email.eml",
    "mother_sms_backup.xml",
    "mother_call_log.xml",
)


async def add_demo_case(
    session: AsyncSession, folder: Path, blob_url: str
) -> tuple[Case, list[LegalDocument]]:
    case = Case(docket_number="DEMO", name="In re Maya Whitfield")
    session.add(case)
    await session.flush()
    store = BlobStore(blob_url)
    documents = []
    for name in CASE_FILES:
        path = folder / name
        blob = store.put_file(path)
        with tempfile.TemporaryDirectory() as work:
            parsed = parse_file(path, ParseContext(workdir=Path(work)))
        row = LegalDocument(
            case_id=case.id,
            file_name=name,
            sha256=blob.sha256,
            content_hash=blob.sha256,
            storage_key=blob.key,
            size_bytes=blob.size,
            mime_type=parsed.mime_type,
            document_type="petition" if "petition" in name else ("report" if "report" in name else "other"),
            document_date=date.fromisoformat(name[:10]) if name[:4].isdigit() else None,
            text="\f".join(page.text for page in parsed.pages),
            page_count=len(parsed.pages),
        )
        session.add(row)
        documents.append(row)
    await session.flush()
    supplemental = documents[CASE_FILES.index("2025-03-01_supplemental_report.pdf")]
    session.add(
        CourtEvent(
            case_id=case.id,
            document_id=supplemental.id,
            event_date=date(2025, 3, 1),
            event_type="report",
            title="Supplemental report on Jordan Michael Martinez filed",
            source="document",
            evidence=[{"document_id": str(supplemental.id), "file_name": supplemental.file_name, "page": 2}],
            people=["Jordan Michael Martinez", "Karen Ostrander"],
            date_certainty="approximate",
            status="held",
        )
    )
    await session.flush()
    return case, documents
