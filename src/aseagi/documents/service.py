"""Reading and correcting documents; every read of content and every change is audited."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases.repository import normalize_docket
from aseagi.documents import repository
from aseagi.documents.schemas import DocumentUpdate, LegalDocument, LegalDocumentDetail, Occurrence
from aseagi.kit import audit
from aseagi.kit.errors import InvalidRequest, NotFound
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
