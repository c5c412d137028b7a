"""Values PostgreSQL can take: NUL and lone surrogates replaced one for one, everywhere inside a value."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.kit.storable import clean, needs_cleaning, storable


def test_nul_and_lone_surrogates_are_replaced_by_one_character_each() -> None:
    name = b"bad\xffname.txt".decode("utf-8", "surrogateescape")
    assert storable("a\x00b") == "a b"
    assert storable(name) == "bad\ufffdname.txt"
    assert storable("\ud83d alone, \U0001f600 paired") == "\ufffd alone, \U0001f600 paired"
    assert len(storable("x\x00\udcff\x00y")) == 5  # offsets into a page stay true


def test_keys_and_values_are_cleaned_at_any_depth() -> None:
    value = {"sub\x00ject": ["ok", {"from": "A\x00B", "n": 3}], "when": date(2025, 3, 1), "t": ("\udcff",)}
    cleaned, changed = clean(value)
    assert changed
    assert cleaned == {
        "sub ject": ["ok", {"from": "A B", "n": 3}],
        "when": date(2025, 3, 1),
        "t": ("\ufffd",),
    }
    assert value["sub\x00ject"] == ["ok", {"from": "A\x00B", "n": 3}], "the original is not changed"


def test_clean_values_come_back_as_they_are() -> None:
    value = {"title": "Minute order", "pages": ["one", "two"], "id": uuid.uuid4(), "count": None}
    cleaned, changed = clean(value)
    assert cleaned is value and not changed
    assert not needs_cleaning(["plain", ("tuple",), {"k": "v"}])
    assert needs_cleaning([{"k": ["deep\x00"]}])


async def test_postgresql_takes_what_was_cleaned(session: AsyncSession) -> None:
    bad = {"sub\x00ject": "a\x00b", "name": "bad\udcffname"}
    with pytest.raises(DBAPIError):  # what the database says without the cleaning
        async with session.begin_nested():
            await session.scalar(text("SELECT CAST(:value AS jsonb)"), {"value": json.dumps(bad)})
    stored = await session.scalar(
        text("SELECT CAST(:value AS jsonb) ->> 'sub ject'"), {"value": json.dumps(storable(bad))}
    )
    assert stored == "a b"
    assert (
        await session.scalar(text("SELECT CAST(:t AS text)"), {"t": storable("a\x00b\udcff")}) == "a b\ufffd"
    )
