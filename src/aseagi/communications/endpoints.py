from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep
from aseagi.cases.service import resolve_optional
from aseagi.communications import service
from aseagi.communications.repository import CommunicationFilters
from aseagi.communications.schemas import Channel, CommunicationRead
from aseagi.kit.pagination import Page

router = APIRouter(prefix="/communications", tags=["communications"])


@router.get("", response_model=Page[CommunicationRead])
async def list_communications(
    session: SessionDep,
    principal: ReadToken,
    case: Annotated[str | None, Query(max_length=64)] = None,
    channel: Channel | None = None,
    sent_from: Annotated[datetime | None, Query(alias="from")] = None,
    sent_to: Annotated[datetime | None, Query(alias="to")] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CommunicationRead]:
    filters = CommunicationFilters(
        case_id=await resolve_optional(session, case),
        channel=channel,
        sent_from=sent_from,
        sent_to=sent_to,
        query=q,
    )
    items, total = await service.list_communications(session, filters, principal, limit=limit, offset=offset)
    return Page[CommunicationRead](items=items, count=total, limit=limit, offset=offset)


@router.get("/{communication_id}", response_model=CommunicationRead)
async def get_communication(
    communication_id: uuid.UUID, session: SessionDep, principal: ReadToken
) -> CommunicationRead:
    return await service.read(session, communication_id, principal)
