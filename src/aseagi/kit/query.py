"""Optional filters and pagination, the same in every repository.

A filter whose value is absent adds no condition at all, rather than ``(:x IS NULL OR column = :x)``: each
statement names only the columns it really filters on, so the planner uses the ``(case_id, …)`` indexes
even in a prepared statement's generic plan. Values are always bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])


def equal(column: Any, value: object | None) -> list[ColumnElement[bool]]:
    """``column = value``, or no condition when ``value`` is ``None`` (the case filter: all cases)."""
    return [] if value is None else [column == value]


def within(
    column: Any, start: date | datetime | None = None, end: date | datetime | None = None
) -> list[ColumnElement[bool]]:
    """``start <= column <= end``, each bound only when given."""
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def all_of(*conditions: Iterable[ColumnElement[bool]] | ColumnElement[bool]) -> ColumnElement[bool]:
    """The conditions and lists of conditions above joined by AND (``TRUE`` when there are none)."""
    flat: list[ColumnElement[bool]] = []
    for condition in conditions:
        if isinstance(condition, ColumnElement):
            flat.append(condition)
        else:
            flat.extend(condition)
    return and_(true(), *flat)


def count_of(query: Select[Any], key: Any) -> Select[int]:
    """How many rows ``query`` returns, read through its ``key`` column only."""
    return select(func.count()).select_from(query.with_only_columns(key).order_by(None).subquery())


def paged(query: S, *, limit: int, offset: int) -> S:
    return query.limit(limit).offset(offset)


async def fetch_page(
    session: AsyncSession,
    query: Select[T],
    *,
    key: Any,
    order_by: Iterable[Any],
    limit: int,
    offset: int,
) -> tuple[list[T], int]:
    """One page of ``query`` in the given order, and how many rows match in all (counted on ``key``)."""
    total = await session.scalar(count_of(query, key))
    rows = await session.scalars(paged(query.order_by(*order_by), limit=limit, offset=offset))
    return list(rows.all()), int(total or 0)
