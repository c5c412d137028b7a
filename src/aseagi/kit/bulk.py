"""Many rows in one constant statement: ``INSERT … SELECT * FROM unnest(:a, :b, …)``, one array per column.

SQLAlchemy compiles a multi-row ``VALUES`` insert anew for every call, and psycopg converts a new query
text for every row count: for small files that was half the ingestion worker's CPU. This statement is
built once per table and column set and sends one parameter per column, whatever the number of rows.
Columns missing from a row set are left to their server defaults (rows are grouped by their columns).
Array-typed columns cannot go through ``unnest`` (it would flatten them); insert those tables otherwise.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, JSON, Table, TextClause, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

_DIALECT = postgresql.psycopg.dialect()


@functools.cache
def _statement(table: Table, columns: tuple[str, ...], on_conflict: str, returning: str) -> TextClause:
    arrays = []
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, ARRAY):
            raise TypeError(f"{table.name}.{name} is an array column: unnest would flatten it")
        arrays.append(f"CAST(:{name} AS {column_type.compile(dialect=_DIALECT)}[])")
    names = ", ".join(f'"{name}"' for name in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({", ".join(arrays)}) {on_conflict}'
    if returning:
        sql += f' RETURNING "{returning}"'
    return text(sql)


def _column_values(table: Table, name: str, rows: Sequence[dict[str, Any]]) -> list[Any]:
    if isinstance(table.c[name].type, JSON):
        return [None if row[name] is None else json.dumps(row[name], default=str) for row in rows]
    return [row[name] for row in rows]


async def insert_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    on_conflict: str = "",
    returning: str = "",
) -> list[Any]:
    """Insert ``rows`` (dicts keyed by column name); the ``returning`` column of the rows inserted.

    ``on_conflict`` is a constant clause of the caller's (``ON CONFLICT … DO NOTHING``), never data.
    """
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    returned: list[Any] = []
    for columns, group in groups.items():
        statement = _statement(table, columns, on_conflict, returning)
        parameters = {name: _column_values(table, name, group) for name in columns}
        result = await session.execute(statement, parameters)
        if returning:
            returned.extend(result.scalars().all())
    return returned
