"""Many rows in one constant statement: ``INSERT … SELECT * FROM unnest(:a, :b, …)``, one array per column.

SQLAlchemy compiles a multi-row ``VALUES`` insert anew for every call, and psycopg converts a new query
text for every row count: for small files that was half the ingestion worker's CPU. This statement is
built once per table and column set and sends one parameter per column, whatever the number of rows.
Columns missing from a row set are left to their server defaults (rows are grouped by their columns).
Text-array columns travel as JSON (``unnest`` would flatten a two-dimensional array).

The arrays travel in PostgreSQL's binary format, straight through psycopg on the session's own
connection and transaction: the text format escapes every quote and backslash of every value in Python
(a page of text, a document's analysis as JSON), which cost more than all the rest of recording a file.

Every value is made storable here (``kit/storable.py``: no NUL, no lone surrogate, in text and in JSON
keys and values): this is where rows from documents people have reach PostgreSQL.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from sqlalchemy import ARRAY, JSON, String, Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.kit.storable import JsonText, storable, storable_json, storable_json_text

_DIALECT = postgresql.psycopg.dialect()
ROWS_PER_STATEMENT = 5000
"""Rows per statement: a 100,000-message chat export goes in a few statements of bounded size."""


def _travels_as_json(column_type: Any) -> bool:
    return isinstance(column_type, JSON | ARRAY)


@functools.cache
def _statement(table: Table, columns: tuple[str, ...], on_conflict: str, returning: str) -> str:
    arrays, selected = [], []
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, ARRAY):
            if not isinstance(column_type.item_type, String):
                raise TypeError(f"{table.name}.{name}: only text arrays can be inserted in bulk")
            arrays.append(f"CAST(%({name})b AS jsonb[])")
            selected.append(
                f'CASE WHEN "{name}" IS NOT NULL THEN ARRAY(SELECT jsonb_array_elements_text("{name}")) END'
            )
        else:
            arrays.append(f"CAST(%({name})b AS {column_type.compile(dialect=_DIALECT)}[])")
            selected.append(f'"{name}"')
    names = ", ".join(f'"{name}"' for name in columns)
    sql = (
        f'INSERT INTO "{table.name}" ({names}) SELECT {", ".join(selected)} '
        f"FROM unnest({', '.join(arrays)}) AS t({names}) {on_conflict.replace('%', '%%')}"
    )
    if returning:
        sql += f' RETURNING "{returning}"'
    return sql


def _text(value: object) -> str:
    """JSON for what ``json`` cannot write (dates, paths…): its text, storable too."""
    return str(storable(str(value)))


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, JsonText):
        return storable_json_text(value)
    return storable_json(value, default=_text)


def _column_values(table: Table, name: str, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    if _travels_as_json(table.c[name].type):
        return [_json(row[name]) for row in rows]
    return [storable(row[name]) for row in rows]


async def insert_rows(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    on_conflict: str = "",
    returning: str = "",
) -> list[Any]:
    """Insert ``rows`` (each a mapping by column name, a ``TypedDict``); the ``returning`` column of
    the rows inserted.

    ``on_conflict`` is a constant clause of the caller's (``ON CONFLICT … DO NOTHING``), never data.
    """
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    returned: list[Any] = []
    for columns, group in groups.items():
        statement = _statement(table, columns, on_conflict, returning)
        for start in range(0, len(group), ROWS_PER_STATEMENT):
            chunk = group[start : start + ROWS_PER_STATEMENT]
            parameters = {name: _column_values(table, name, chunk) for name in columns}
            rows_back = await _execute(session, statement, parameters)
            if returning:
                returned.extend(row[0] for row in rows_back)
    return returned


async def _execute(session: AsyncSession, statement: str, parameters: dict[str, list[Any]]) -> list[Any]:
    """``statement`` on the session's connection, in its transaction; the database's refusals are raised
    as SQLAlchemy's errors (``IntegrityError``, ``DataError``…), as ``session.execute`` raises them."""
    await session.flush()  # what the session holds goes first, as before any statement of its own
    connection = await (await session.connection()).get_raw_connection()
    driver: psycopg.AsyncConnection[Any] = connection.driver_connection  # type: ignore[assignment]
    try:
        async with driver.cursor() as cursor:
            await cursor.execute(statement, parameters)
            return await cursor.fetchall() if cursor.description else []
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
