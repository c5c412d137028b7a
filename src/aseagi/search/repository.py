"""All SQL of search: the match condition the listings filter on (``/documents?q=``, ``/communications?q=``)
and the ranked search over documents and messages together (``/telegram/search``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    RowMapping,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from aseagi.kit import query
from aseagi.models import Communication, LegalDocument

HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
HEADLINE_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, MaxWords=35, MinWords=12, "
    "MaxFragments=1, ShortWord=2"
)
HEADLINE_MAX_CHARS = 500_000
"""The same prefix the ``search`` column indexes: a match beyond it cannot have been found."""
MESSAGE_MAX_CHARS = 100_000
"""A message's ``content`` in a search result is cut here: a phone never shows more."""
_ENGLISH: ColumnElement[str] = literal_column("'english'")
_DOCUMENT = literal("document")
_MESSAGE = literal("communication")


def matches(search_column: Any, query: str) -> ColumnElement[bool]:
    """Rows whose ``search`` tsvector matches ``query`` (web-search syntax: words, "phrases", -not, or)."""
    return search_column.op("@@")(func.websearch_to_tsquery("english", query))


def _tsquery() -> ColumnElement[Any]:
    """Written into each condition (not taken from a CTE) so the planner sees the query's words and
    estimates how common they are: a word in 40% of documents is found fastest by reading rows until enough
    match, a rare one through the GIN index. A CTE would hide the words and force the index for both."""
    return func.websearch_to_tsquery(_ENGLISH, bindparam("query"))


def _candidates(table: Any, case_id: uuid.UUID | None, name: str) -> Any:
    """The first ``candidates + 1`` matches of one table (their number is the capped count), with ranks."""
    return (
        select(table.id, func.ts_rank(table.search, _tsquery()).label("rank"))
        .where(table.search.op("@@")(_tsquery()), query.all_of(query.equal(table.case_id, case_id)))
        .limit(bindparam("candidates", type_=Integer) + 1)
        .cte(name)
    )


def _search_statement(case_id: uuid.UUID | None) -> Select[Any]:
    """One statement: the candidates of both tables ranked and counted; the page of them; and the headline
    and page number for that page only."""
    d, c = LegalDocument, Communication
    documents = _candidates(d, case_id, "doc_candidates")
    messages = _candidates(c, case_id, "comm_candidates")
    ranked = union_all(
        select(_DOCUMENT.label("kind"), documents.c.id, documents.c.rank),
        select(_MESSAGE.label("kind"), messages.c.id, messages.c.rank),
    ).cte("ranked")
    counts = select(
        func.count().filter(ranked.c.kind == _DOCUMENT).label("documents"),
        func.count().filter(ranked.c.kind == _MESSAGE).label("communications"),
    ).cte("counts")
    page = (
        select(ranked.c.kind, ranked.c.id, ranked.c.rank)
        .order_by(ranked.c.rank.desc(), ranked.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    source = aliased(LegalDocument, name="source")
    is_document = page.c.kind == _DOCUMENT
    searched = case((is_document, func.left(func.coalesce(d.text, ""), HEADLINE_MAX_CHARS)), else_=c.content)
    lit = (
        select(
            page.c.kind,
            page.c.id,
            page.c.rank,
            func.coalesce(d.id, c.document_id).label("document_id"),
            func.coalesce(d.case_id, c.case_id).label("case_id"),
            case(
                (is_document, func.coalesce(func.nullif(d.title, ""), d.file_name)),
                else_=func.coalesce(
                    func.nullif(c.subject, ""),
                    func.initcap(c.channel).op("||")(" from ").op("||")(func.coalesce(c.sender, "unknown")),
                ),
            ).label("title"),
            case((is_document, d.document_date), else_=cast(c.sent_at, Date)).label("date"),
            func.ts_headline(_ENGLISH, searched, _tsquery(), bindparam("headline_options")).label("headline"),
            case((is_document, d.text)).label("body"),
            func.coalesce(d.file_name, source.file_name).label("file_name"),
            c.channel,
            c.sender,
            c.recipients,
            c.sent_at,
            c.subject,
            func.left(c.content, MESSAGE_MAX_CHARS).label("content"),
        )
        .select_from(page)
        .outerjoin(d, and_(is_document, d.id == page.c.id))
        .outerjoin(c, and_(page.c.kind == _MESSAGE, c.id == page.c.id))
        .outerjoin(source, source.id == c.document_id)
        .cte("lit")
    )
    first_match = func.substring(lit.c.headline, f"{HIGHLIGHT_START}([^{HIGHLIGHT_STOP}]+){HIGHLIGHT_STOP}")
    located = select(lit, func.strpos(lit.c.body, first_match).label("match_at")).cte("located")
    before = func.left(located.c.body, located.c.match_at)
    page_number = case(
        (located.c.kind != _DOCUMENT, null()),
        (func.coalesce(located.c.match_at, 0) == 0, 1),
        else_=1 + func.length(before) - func.length(func.replace(before, func.chr(12), "")),
    )
    return (
        select(
            counts.c.documents,
            counts.c.communications,
            *(
                located.c[name]
                for name in (
                    "kind",
                    "id",
                    "rank",
                    "document_id",
                    "case_id",
                    "title",
                    "date",
                    "headline",
                    "file_name",
                    "channel",
                    "sender",
                    "recipients",
                    "sent_at",
                    "subject",
                    "content",
                )
            ),
            page_number.label("page"),
        )
        .select_from(counts.outerjoin(located, true()))
        .order_by(located.c.rank.desc(), located.c.id)
    )


async def search(
    session: AsyncSession,
    *,
    query: str,
    case_id: uuid.UUID | None,
    candidates: int,
    limit: int,
    offset: int,
) -> tuple[list[RowMapping], int, int]:
    """(page of hits, documents matching, messages matching), ranked among the first ``candidates``
    matches of each table; the counts stop at ``candidates + 1``."""
    params = {
        "query": query,
        "case_id": case_id,
        "candidates": candidates,
        "limit": limit,
        "offset": offset,
        "headline_options": HEADLINE_OPTIONS,
    }
    # Plans must be made with the words known: a generic plan of a prepared statement would not know them.
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    rows = list((await session.execute(_search_statement(case_id), params)).mappings().all())
    documents, communications = int(rows[0]["documents"]), int(rows[0]["communications"])
    return [r for r in rows if r["id"] is not None], documents, communications
