"""``/telegram/*``: the answers the bot shows. Read scope, except recording a refused user (write)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from aseagi.api.deps import Limit, Offset, ReadToken, SessionDep, WriteToken
from aseagi.cases.service import resolve_optional
from aseagi.kit.errors import BadRequest
from aseagi.search import service as search_service
from aseagi.search.schemas import SearchResponse
from aseagi.telegram import service
from aseagi.telegram.schemas import (
    AccessAttempt,
    ActionsResponse,
    DeadlinesResponse,
    ReportResponse,
    TimelineResponse,
    ViolationsResponse,
)

router = APIRouter(prefix="/telegram", tags=["telegram"])

CaseParam = Annotated[
    str | None, Query(max_length=64, description="Docket number or case id; all cases when absent.")
]


def _today() -> date:
    return date.today()


@router.get("/search", response_model=SearchResponse)
async def search(
    session: SessionDep,
    _: ReadToken,
    query: Annotated[str, Query(min_length=1, max_length=500, description="Web-search syntax.")],
    case: CaseParam = None,
    limit: Limit = 10,
    offset: Offset = 0,
) -> SearchResponse:
    """Documents and messages, ranked, each with a snippet whose matched words are given as offsets."""
    if not query.strip():
        raise BadRequest("the search needs at least one word, e.g. /telegram/search?query=notice")
    case_id = await resolve_optional(session, case)
    return await search_service.search(
        session, query=query.strip(), case_id=case_id, limit=limit, offset=offset
    )


@router.get("/timeline", response_model=TimelineResponse)
async def timeline(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    days: Annotated[int, Query(ge=1, le=3650, description="Days before and after today.")] = 30,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> TimelineResponse:
    today = _today()
    start = date_from or today - timedelta(days=days)
    end = date_to or today + timedelta(days=days)
    if end < start:
        raise BadRequest(f"'to' ({end}) is before 'from' ({start}): swap them")
    return await service.timeline(
        session,
        case_id=await resolve_optional(session, case),
        date_from=start,
        date_to=end,
        today=today,
        limit=limit,
        offset=offset,
    )


@router.get("/violations", response_model=ViolationsResponse)
async def violations(
    session: SessionDep, _: ReadToken, case: CaseParam = None, limit: Limit = 20, offset: Offset = 0
) -> ViolationsResponse:
    return await service.violations(
        session, case_id=await resolve_optional(session, case), limit=limit, offset=offset
    )


@router.get("/actions", response_model=ActionsResponse)
async def actions(
    session: SessionDep, _: ReadToken, case: CaseParam = None, limit: Limit = 20, offset: Offset = 0
) -> ActionsResponse:
    return await service.actions(
        session, case_id=await resolve_optional(session, case), today=_today(), limit=limit, offset=offset
    )


@router.get("/report", response_model=ReportResponse)
async def report(
    request: Request,
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    refresh: Annotated[bool, Query(description="Recompute now instead of a report under 10 s old.")] = False,
) -> Response:
    """Documents by status, new since yesterday, smoking guns, violations, next hearing and deadline."""
    case_id = await resolve_optional(session, case)
    today = _today()
    cache: service.ReportCache | None = getattr(request.app.state, "telegram_reports", None)
    if cache is None:
        cache = request.app.state.telegram_reports = service.ReportCache()
    body = await cache.get(
        (case_id, today), lambda: service.build_report(session, case_id=case_id, today=today), refresh=refresh
    )
    return Response(content=body, media_type="application/json")


@router.get("/deadline", response_model=DeadlinesResponse)
async def deadline(
    session: SessionDep,
    _: ReadToken,
    case: CaseParam = None,
    date_from: Annotated[date | None, Query(alias="from", description="Default: today.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> DeadlinesResponse:
    today = _today()
    return await service.deadlines(
        session,
        case_id=await resolve_optional(session, case),
        date_from=date_from or today,
        today=today,
        limit=limit,
        offset=offset,
    )


@router.post("/audit", status_code=status.HTTP_204_NO_CONTENT)
async def record_refusal(body: AccessAttempt, session: SessionDep, principal: WriteToken) -> None:
    """The bot refused a Telegram user who is not on ``TELEGRAM_ALLOWED_USERS``: keep a trace of who tried."""
    await service.record_refusal(session, body, principal)
