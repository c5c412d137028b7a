from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.cases.service import resolve_optional
from aseagi.documents import repository, service
from aseagi.documents.schemas import (
    DocumentSort,
    DocumentUpdate,
    LegalDocument,
    LegalDocumentDetail,
)
from aseagi.documents.status import DocumentStatus
from aseagi.kit.errors import BadRequest
from aseagi.kit.pagination import Page, decode_cursor, encode_cursor

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("", response_model=Page[LegalDocument])
async def list_documents(
    session: SessionDep,
    _: ReadToken,
    case: Annotated[str | None, Query(description="Docket number or case id; all cases when absent.")] = None,
    status: DocumentStatus | None = None,
    document_type: Annotated[str | None, Query(max_length=40)] = None,
    min_score: Annotated[int | None, Query(ge=0, le=999)] = None,
    max_score: Annotated[int | None, Query(ge=0, le=999)] = None,
    smoking_gun: bool | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Full-text search, web-search syntax.")
    ] = None,
    sort: DocumentSort = "created",
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[LegalDocument]:
    filters = repository.DocumentFilters(
        case_id=await resolve_optional(session, case),
        status=status,
        document_type=document_type,
        min_score=min_score,
        max_score=max_score,
        smoking_gun=smoking_gun,
        date_from=date_from,
        date_to=date_to,
        query=q,
    )
    after = None
    if cursor is not None and sort == "created":
        created, doc_id = decode_cursor(cursor, 2)
        try:
            if not isinstance(created, str) or not isinstance(doc_id, str):
                raise ValueError("a cursor holds two strings")
            after = (datetime.fromisoformat(created), uuid.UUID(doc_id))
        except ValueError:
            raise BadRequest("invalid cursor: pass back the next_cursor of the previous page") from None
    rows = await repository.list_documents(
        session, filters, sort=sort, limit=limit, offset=offset, after=after
    )
    next_cursor = None
    if sort == "created" and len(rows) == limit:
        next_cursor = encode_cursor(rows[-1].created_at.isoformat(), str(rows[-1].id))
    return Page[LegalDocument](
        items=[LegalDocument.model_validate(r) for r in rows],
        count=await repository.count(session, filters),
        limit=limit,
        offset=offset,
        next_cursor=next_cursor,
    )


@router.get("/{document_id}", response_model=LegalDocumentDetail)
async def get_document(
    document_id: uuid.UUID, session: SessionDep, principal: ReadToken
) -> LegalDocumentDetail:
    return await service.read_detail(session, document_id, principal)


@router.patch("/{document_id}", response_model=LegalDocument)
async def update_document(
    document_id: uuid.UUID, body: DocumentUpdate, session: SessionDep, principal: WriteToken
) -> LegalDocument:
    return await service.update(session, document_id, body, principal)
