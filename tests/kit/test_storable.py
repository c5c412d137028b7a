"""Values PostgreSQL can take: NUL and lone surrogates replaced one for one, everywhere inside a value."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.kit.storable import clean, needs_cleaning, storable, storable_json, storable_json_text


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


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "é 漢 \U0001f600",
        "a\x00b",
        "bad\udcffname",
        {"when": date(2025, 3, 1), "id": uuid.uuid4(), "set": {1, 2}},
        {"literal": "a backslash and u0000: \\u0000"},  # looks escaped in JSON, yet is clean
        {1: "int key", None: ["x", ("\x00",)]},
        [["deep", ["deeper", {"k\udc80": 1}]]],
    ],
)
def test_the_quick_check_agrees_with_the_walk(value: object) -> None:
    assert needs_cleaning(value) == clean(value)[1]
    assert storable(value) == clean(value)[0]


def test_json_is_written_storable() -> None:
    assert json.loads(storable_json({"k\x00": ["\udcff", date(2025, 3, 1)]}, default=str)) == {
        "k ": ["\ufffd", "2025-03-01"]
    }
    assert storable_json_text(json.dumps({"q": "a\x00b"})) == '{"q": "a b"}'
    written = json.dumps({"q": "clean \\u0000 text"})
    assert storable_json_text(written) == written
