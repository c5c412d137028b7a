from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep
from aseagi.cases.service import resolve_optional
from aseagi.communications import repository
from aseagi.communications.schemas import CommunicationRead
from aseagi.kit import audit
from aseagi.kit.errors import NotFound
from aseagi.kit.pagination import Page

router = APIRouter(prefix="/communications", tags=["communications"])

Channel = Literal["email", "sms", "mms", "whatsapp", "letter", "call", "chat"]


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
    rows, total = await repository.list_communications(
        session,
        case_id=await resolve_optional(session, case),
        channel=channel,
        sent_from=sent_from,
        sent_to=sent_to,
        query=q,
        limit=limit,
        offset=offset,
    )
    await audit.record(
        session,
        actor=principal.actor,
        action="communications.read",
        resource_type="communication",
        detail={"count": len(rows)},
    )
    return Page[CommunicationRead](
        items=[CommunicationRead.model_validate(r) for r in rows], count=total, limit=limit, offset=offset
    )


@router.get("/{communication_id}", response_model=CommunicationRead)
async def get_communication(
    communication_id: uuid.UUID, session: SessionDep, principal: ReadToken
) -> CommunicationRead:
    row = await repository.get(session, communication_id)
    if row is None:
        raise NotFound(f"no communication {communication_id}")
    await audit.record(
        session,
        actor=principal.actor,
        action="communication.read",
        resource_type="communication",
        resource_id=row.id,
    )
    return CommunicationRead.model_validate(row)
