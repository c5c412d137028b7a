"""Reading and correcting documents; every read of content and every change is audited."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases.repository import normalize_docket
from aseagi.documents import repository
from aseagi.documents.schemas import DocumentUpdate, LegalDocument, LegalDocumentDetail, Occurrence
from aseagi.documents.status import DocumentStatus
from aseagi.ingestion import repository as ingestion
from aseagi.ingestion.schemas import UploadAccepted, UploadStatus
from aseagi.ingestion.storage import BlobStore
from aseagi.jobs import specs
from aseagi.jobs.defer import defer
from aseagi.kit import audit
from aseagi.kit.errors import BadRequest, InvalidRequest, NotFound
from aseagi.models import LegalDocument as LegalDocumentRow
from aseagi.models.document import PAGE_BREAK
from aseagi.security.tokens import Principal


async def load(session: AsyncSession, document_id: uuid.UUID) -> LegalDocumentRow:
    row = await repository.get(session, document_id)
    if row is None:
        raise NotFound(f"no document {document_id}: list documents with GET /documents")
    return row


async def check_source(session: AsyncSession, document_id: uuid.UUID | None, case_id: uuid.UUID) -> None:
    """A finding or event added by hand may cite a document: one that exists, in the same case."""
    if document_id is None:
        return
    row = await repository.get(session, document_id)
    where = "body.document_id"
    if row is None:
        problem = f"no document {document_id}: list documents with GET /documents, or leave it out"
    elif row.case_id is not None and row.case_id != case_id:
        problem = f"document {document_id} belongs to another case: cite a document of this case"
    else:
        return
    raise InvalidRequest(f"{where}: {problem}", detail=[{"where": where, "problem": problem}])


async def read_detail(
    session: AsyncSession, document_id: uuid.UUID, principal: Principal
) -> LegalDocumentDetail:
    row = await load(session, document_id)
    await audit.record(
        session, actor=principal.actor, action="document.read", resource_type="document", resource_id=row.id
    )
    occurrences = await repository.occurrences(session, row.id)
    return LegalDocumentDetail(
        **LegalDocument.model_validate(row).model_dump(),
        pages=row.text.split(PAGE_BREAK) if row.text else [],
        analysis=row.analysis,
        metadata=row.metadata_ or {},
        user_notes=row.user_notes,
        notes=row.notes,
        storage_key=row.storage_key,
        ocr_pages=row.ocr_pages,
        occurrences=[Occurrence.model_validate(o) for o in occurrences],
    )


async def update(
    session: AsyncSession, document_id: uuid.UUID, changes: DocumentUpdate, principal: Principal
) -> LegalDocument:
    row = await load(session, document_id)
    values = changes.model_dump(exclude_unset=True)
    if values.get("docket_number"):
        values["docket_number"] = normalize_docket(values["docket_number"])
        if len(values["docket_number"]) < 2:
            problem = "a docket number needs at least two characters besides spaces"
            raise InvalidRequest(
                f"body.docket_number: {problem}", detail=[{"where": "body.docket_number", "problem": problem}]
            )
    await audit.apply_changes(
        session, row, values, actor=principal.actor, action="document.update", resource_type="document"
    )
    return LegalDocument.model_validate(row)


async def upload(
    session: AsyncSession,
    store: BlobStore,
    spooled: Path,
    *,
    case_id: uuid.UUID,
    file_name: str,
    principal: Principal,
) -> UploadAccepted:
    """Store one uploaded file's original and queue its ingestion, or record it as a duplicate.

    ``spooled`` is the caller's temporary copy of the bytes (the caller removes it); ``file_name`` is
    metadata only, already cleaned. Its ``specs.INGEST_DOCUMENT`` job is deferred in this transaction.
    """
    if spooled.stat().st_size == 0:
        raise BadRequest("the file is empty")
    blob = await asyncio.to_thread(store.put_file, spooled)
    existing = await ingestion.document_with_sha256(session, case_id, blob.sha256)
    if existing is not None:
        await ingestion.insert_occurrence(
            session, document_id=existing, source=f"upload:{file_name}", size_bytes=blob.size
        )
        return UploadAccepted(
            status=UploadStatus.DUPLICATE, document_id=existing, sha256=blob.sha256, size_bytes=blob.size
        )
    row = LegalDocumentRow(
        case_id=case_id,
        file_name=file_name,
        sha256=blob.sha256,
        content_hash=blob.sha256,
        storage_key=blob.key,
        size_bytes=blob.size,
        status=DocumentStatus.QUEUED,
        uploaded_via="upload",
    )
    session.add(row)
    await session.flush()
    await defer(session, specs.INGEST_DOCUMENT, specs.IngestDocument(document_id=row.id))
    await audit.record(
        session,
        actor=principal.actor,
        action="document.upload",
        resource_type="document",
        resource_id=row.id,
        detail={"file_name": file_name, "sha256": blob.sha256},
    )
    return UploadAccepted(
        status=UploadStatus.QUEUED, document_id=row.id, sha256=blob.sha256, size_bytes=blob.size
    )
