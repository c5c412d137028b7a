"""Paged responses and opaque keyset cursors (``kit/pagination.py``): a cursor gives back the values it was
made of, and anything else passed as a cursor is a 400, never a 500."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from aseagi.kit.errors import BadRequest
from aseagi.kit.pagination import Page, decode_cursor, encode_cursor

CREATED = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
DOCUMENT_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")


def test_a_cursor_gives_back_its_values() -> None:
    cursor = encode_cursor(CREATED.isoformat(), str(DOCUMENT_ID))
    assert decode_cursor(cursor, 2) == [CREATED.isoformat(), str(DOCUMENT_ID)]


def test_values_json_cannot_hold_are_written_as_text() -> None:
    cursor = encode_cursor(CREATED, DOCUMENT_ID)
    assert decode_cursor(cursor, 2) == [str(CREATED), str(DOCUMENT_ID)]


def test_numbers_none_and_text_beyond_ascii_survive() -> None:
    values = [42, None, 1.5, "Niño ~?/+="]
    assert decode_cursor(encode_cursor(*values), 4) == values


def test_a_cursor_is_url_safe_text() -> None:
    cursor = encode_cursor("?" * 30, "~" * 30, "Niño")
    assert not set(cursor) & set("+/")
    assert cursor.isascii()


def test_an_empty_cursor_of_no_values() -> None:
    assert decode_cursor(encode_cursor(), 0) == []


@pytest.mark.parametrize("arity", [1, 3])
def test_a_cursor_of_the_wrong_arity_is_refused(arity: int) -> None:
    cursor = encode_cursor(CREATED.isoformat(), str(DOCUMENT_ID))
    with pytest.raises(BadRequest, match="invalid cursor"):
        decode_cursor(cursor, arity)


@pytest.mark.parametrize(
    "cursor",
    [
        "",  # decodes to nothing: not JSON
        "not a cursor!",
        "%%%%",
        "abc",  # bad padding
        base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),  # not UTF-8
        base64.urlsafe_b64encode(b"{not json").decode(),
        "Niño",  # not ASCII
    ],
)
def test_garbage_is_a_bad_request(cursor: str) -> None:
    with pytest.raises(BadRequest) as refused:
        decode_cursor(cursor, 2)
    assert refused.value.status_code == 400
    assert "next_cursor" in refused.value.message


@pytest.mark.parametrize("payload", [{"a": 1, "b": 2}, "two", 2, None])
def test_json_that_is_not_a_list_is_refused(payload: object) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    with pytest.raises(BadRequest):
        decode_cursor(cursor, 2)


def test_a_page_with_its_defaults() -> None:
    page = Page[int](items=[1, 2], count=10, limit=2)
    assert page.offset == 0
    assert page.next_cursor is None
    assert page.model_dump() == {"items": [1, 2], "count": 10, "limit": 2, "offset": 0, "next_cursor": None}


def test_a_page_validates_its_items() -> None:
    page = Page[int](items=["3"], count=1, limit=1, offset=5, next_cursor="abc")  # type: ignore[list-item]
    assert page.items == [3]
    with pytest.raises(ValidationError):
        Page[int](items=["three"], count=1, limit=1)  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        Page[int](items=[], limit=1)  # type: ignore[call-arg]


def test_an_empty_page() -> None:
    page = Page[str](items=[], count=0, limit=50)
    assert page.items == [] and page.count == 0
